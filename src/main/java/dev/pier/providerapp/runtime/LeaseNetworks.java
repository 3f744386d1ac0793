package dev.pier.providerapp.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One podman network per lease, cut from the provider's subnet pool and isolated from every other network (netavark's
 * {@code isolate}); and one host firewall rule for the whole pool that refuses new connections from containers to the
 * host itself, so the provider, the console and anything else listening on the host stay out of reach through the
 * network's gateway or any host address. Replies to connections the host opened (published ports) still pass.
 */
final class LeaseNetworks {

    private static final Logger log = LoggerFactory.getLogger(LeaseNetworks.class);
    static final String GUARD_CHAIN = "PIER-GUARD";

    private final PodmanCli podman;
    private final PodmanSettings settings;
    private final Map<String, String> networks = new ConcurrentHashMap<>();
    private final String poolPrefix;

    LeaseNetworks(PodmanCli podman, PodmanSettings settings) {
        this.podman = podman;
        this.settings = settings;
        String pool = settings.subnetPool();
        if (!pool.matches("(\\d{1,3})\\.(\\d{1,3})\\.0\\.0/16")) {
            throw new IllegalArgumentException(
                    "pier.provider.podman.subnet-pool must be an IPv4 /16 such as 10.213.0.0/16, not " + pool);
        }
        this.poolPrefix = pool.substring(0, pool.indexOf(".0.0/"));
    }

    /**
     * Sets the host rule that keeps containers off the host. Returns null when it is in place, or why it could not be
     * set (then containers must not run: they would reach the host's services).
     */
    String guardHost() {
        run(List.of("-N", GUARD_CHAIN));
        List<List<String>> rules = List.of(
                List.of(GUARD_CHAIN, "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED", "-j", "RETURN"),
                List.of(GUARD_CHAIN, "-j", "REJECT", "--reject-with", "icmp-port-unreachable"));
        for (List<String> rule : rules) {
            if (!ensure("-A", rule)) {
                return "iptables could not add " + String.join(" ", rule);
            }
        }
        // The jump comes first in INPUT, and cloud metadata addresses are refused on the way out too.
        if (!ensure("-I", List.of("INPUT", "-s", settings.subnetPool(), "-j", GUARD_CHAIN))) {
            return "iptables could not add the INPUT rule for " + settings.subnetPool();
        }
        // Besides netavark's isolate option (seen once letting a connection through under load): traffic routed
        // from one lease network to another is refused; traffic within one lease's bridge is not routed.
        if (!ensure(
                "-I",
                List.of(
                        "FORWARD",
                        "-s",
                        settings.subnetPool(),
                        "-d",
                        settings.subnetPool(),
                        "-m",
                        "physdev",
                        "!",
                        "--physdev-is-bridged",
                        "-j",
                        "REJECT"))) {
            return "iptables could not add the FORWARD rule between lease networks";
        }
        if (!ensure("-I", List.of("FORWARD", "-s", settings.subnetPool(), "-d", "169.254.0.0/16", "-j", "REJECT"))) {
            return "iptables could not add the FORWARD rule for " + settings.subnetPool();
        }
        return null;
    }

    private boolean ensure(String how, List<String> rule) {
        List<String> check = new ArrayList<>(List.of("-C"));
        check.addAll(rule);
        if (run(check) == 0) {
            return true;
        }
        List<String> add = new ArrayList<>(List.of(how));
        if (how.equals("-I")) {
            add.add(rule.get(0));
            add.add("1");
            add.addAll(rule.subList(1, rule.size()));
        } else {
            add.addAll(rule);
        }
        return run(add) == 0;
    }

    private static int run(List<String> args) {
        List<String> line = new ArrayList<>(List.of("iptables", "-w", "5"));
        line.addAll(args);
        return host(line).exitCode();
    }

    /**
     * Runs a host command (iptables, ip) with the provider's clean environment: its exit code (-1: not run), output.
     */
    private static PodmanCli.Result host(List<String> line) {
        List<String> args = line.subList(1, line.size());
        try {
            ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
            PodmanCli.cleanEnvironment(builder.environment());
            Process process = builder.start();
            String out = new String(process.getInputStream().readAllBytes()).strip();
            int code = process.waitFor();
            if (code != 0 && !args.contains("-C") && !args.contains("-N")) {
                log.warn("{} failed ({}): {}", String.join(" ", line), code, out);
            }
            return new PodmanCli.Result(code, out, "");
        } catch (IOException e) {
            log.warn("Cannot run {}: {}", line.get(0), e.getMessage());
            return new PodmanCli.Result(-1, "", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new PodmanCli.Result(-1, "", "interrupted");
        }
    }

    /** The lease's network, created on first use. */
    String ensure(LeaseId lease) {
        String key = PodmanEngine.leaseKey(lease);
        return networks.computeIfAbsent(key, k -> create(lease, k));
    }

    private String create(LeaseId lease, String key) {
        String name = "pier-" + settings.instance() + "-" + key;
        if (podman.run("network", "exists", name).ok()) {
            return name;
        }
        String last = "";
        for (int attempt = 0; attempt < 8; attempt++) {
            String subnet = freeSubnet();
            if (subnet == null) {
                throw new IllegalStateException("No free lease network is left in " + settings.subnetPool()
                        + "; close leases or give the provider a larger pool (pier.provider.podman.subnet-pool).");
            }
            PodmanCli.Result created = podman.run(
                    "network",
                    "create",
                    "--disable-dns",
                    "--opt",
                    "isolate=true",
                    "--subnet",
                    subnet,
                    "--label",
                    "pier.instance=" + settings.instance(),
                    "--label",
                    "pier.lease=" + key,
                    name);
            if (created.ok()) {
                return name;
            }
            // Another provider on this host may have taken the subnet meanwhile: try the next one.
            last = created.reason();
        }
        throw new IllegalStateException("Could not create the network of lease " + lease.path() + ": " + last);
    }

    private String freeSubnet() {
        PodmanCli.Result listed = podman.run("network", "ls", "--format", "{{range .Subnets}}{{.Subnet}} {{end}}");
        Set<String> used = new HashSet<>(List.of(listed.out().split("\\s+")));
        // A bridge that outlived its network still holds its subnet on the host; podman would refuse it.
        used.addAll(hostSubnets());
        List<Integer> free = new ArrayList<>();
        for (int third = 1; third < 255; third++) {
            if (!used.contains(poolPrefix + "." + third + ".0/24")) {
                free.add(third);
            }
        }
        if (free.isEmpty()) {
            return null;
        }
        // A random free one, so two providers starting leases at once rarely pick the same.
        return poolPrefix + "." + free.get(ThreadLocalRandom.current().nextInt(free.size())) + ".0/24";
    }

    /** The /24s of the pool that an interface on the host holds an address in. */
    private Set<String> hostSubnets() {
        Set<String> held = new HashSet<>();
        Matcher m = Pattern.compile("inet (" + Pattern.quote(poolPrefix) + "\\.\\d{1,3})\\.\\d{1,3}/")
                .matcher(host(List.of("ip", "-4", "-o", "addr", "show")).out());
        while (m.find()) {
            held.add(m.group(1) + ".0/24");
        }
        return held;
    }

    void remove(LeaseId lease) {
        String name = networks.remove(PodmanEngine.leaseKey(lease));
        if (name != null) {
            removeNetwork(name);
        }
    }

    /**
     * Removes a network and its bridge. netavark leaves the bridge on the host when the network goes while its last
     * container is still being torn down; the bridge keeps the subnet, and the pool runs dry after a few hundred
     * leases.
     */
    private void removeNetwork(String name) {
        String bridge = podman.run("network", "inspect", "--format", "{{.NetworkInterface}}", name)
                .out()
                .strip();
        PodmanCli.Result removed = podman.run("network", "rm", "-f", name);
        if (!removed.ok() && !removed.reason().contains("no such network")) {
            log.warn("Could not remove network {}: {}", name, removed.reason());
            return;
        }
        if (bridge.matches("[A-Za-z0-9_.-]{1,15}") && Files.exists(Path.of("/sys/class/net", bridge))) {
            host(List.of("ip", "link", "delete", bridge));
        }
    }

    /** Networks of this provider that an earlier run left behind. */
    void removeLeftovers() {
        PodmanCli.Result listed = podman.run(
                "network", "ls", "--filter", "label=pier.instance=" + settings.instance(), "--format", "{{.Name}}");
        for (String name : listed.out().split("\\s+")) {
            if (!name.isBlank()) {
                removeNetwork(name);
            }
        }
        networks.clear();
    }
}
