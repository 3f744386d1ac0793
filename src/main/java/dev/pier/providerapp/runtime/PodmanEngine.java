package dev.pier.providerapp.runtime;

import dev.pier.manifest.ManifestParser;
import dev.pier.manifest.ServiceSpec;
import dev.pier.shared.ServiceStatus;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicas as podman containers (rootful podman, runc). Each container: root mapped to an unprivileged host uid, no new
 * privileges, no raw sockets, a read-only root file system with a size-limited scratch volume on /tmp and a small tmpfs
 * on /run, CPU, memory (no swap) and pids limits, the lease's own isolated network, only the exposed ports published,
 * and the manifest's environment handed over in an owner-only file so that no host process ever carries it.
 */
final class PodmanEngine implements WorkloadEngine {

    private static final Logger log = LoggerFactory.getLogger(PodmanEngine.class);
    static final String DEFAULT_SHELL = "if command -v bash >/dev/null 2>&1; then exec bash -i; fi; exec sh -i";

    private final PodmanCli podman;
    private final PodmanSettings settings;
    private final LeaseNetworks networks;
    private final EngineInfo info;
    private final Map<String, Object> pullLocks = new ConcurrentHashMap<>();
    private final Map<String, String> workingDirs = new ConcurrentHashMap<>();
    private final String ulimits;

    private PodmanEngine(PodmanCli podman, PodmanSettings settings, LeaseNetworks networks, EngineInfo info) {
        this.podman = podman;
        this.settings = settings;
        this.networks = networks;
        this.info = info;
        this.ulimits = ulimits();
    }

    /**
     * Podman, if it answers here and the host rule that keeps containers off the host's own services is in place;
     * otherwise empty, and {@code whyNot} hears why.
     */
    static Optional<PodmanEngine> detect(PodmanSettings settings, Consumer<String> whyNot) {
        PodmanCli podman = new PodmanCli(settings.binary(), settings.options());
        PodmanCli.Result version =
                podman.run(List.of("version", "--format", "{{.Client.Version}}"), Duration.ofSeconds(20));
        if (!version.ok()) {
            whyNot.accept("podman does not work here: " + version.reason());
            return Optional.empty();
        }
        PodmanCli.Result runtime =
                podman.run(List.of("info", "--format", "{{.Host.OCIRuntime.Name}}"), Duration.ofSeconds(30));
        if (!runtime.ok()) {
            whyNot.accept("podman info failed: " + runtime.reason());
            return Optional.empty();
        }
        var networks = new LeaseNetworks(podman, settings);
        String guard = networks.guardHost();
        if (guard != null) {
            whyNot.accept("containers could reach the host's services: " + guard
                    + " (install iptables and run the provider as root)");
            return Optional.empty();
        }
        try {
            Files.createDirectories(settings.storageRoot());
            Files.setPosixFilePermissions(settings.storageRoot(), PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            whyNot.accept("cannot prepare " + settings.storageRoot() + ": " + e.getMessage());
            return Optional.empty();
        }
        return Optional.of(new PodmanEngine(
                podman,
                settings,
                networks,
                new EngineInfo("podman", version.out().strip(), runtime.out().strip())));
    }

    @Override
    public IsolationMode isolation() {
        return IsolationMode.CONTAINER;
    }

    @Override
    public EngineInfo info() {
        return info;
    }

    /** A short, stable name of a lease for container, network and directory names. */
    static String leaseKey(LeaseId lease) {
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256").digest(lease.path().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void removeLeftovers() {
        PodmanCli.Result listed = podman.run(
                "ps", "-a", "--filter", "label=pier.instance=" + settings.instance(), "--format", "{{.Names}}");
        List<String> names = List.of(listed.out().split("\\s+")).stream()
                .filter(n -> !n.isBlank())
                .toList();
        if (!names.isEmpty()) {
            List<String> args = new ArrayList<>(List.of("rm", "-f", "-t", "0"));
            args.addAll(names);
            PodmanCli.Result removed = podman.run(args, Duration.ofSeconds(120));
            if (removed.ok()) {
                log.info("Removed {} containers an earlier run of this provider left behind", names.size());
            } else {
                log.warn(
                        "Could not remove the containers an earlier run left behind ({}): {}", names, removed.reason());
            }
        }
        networks.removeLeftovers();
        ScratchVolume.remove(settings.storageRoot().resolve("leases"));
        removeCgroups("pier-" + settings.instance());
    }

    @Override
    public Placement place(LeaseId lease, ServiceSpec spec, int index, Placement.Limits limits) {
        // A new run name per placement: during a rollout the old replica i still runs beside the new one.
        byte[] salt = new byte[2];
        ThreadLocalRandom.current().nextBytes(salt);
        String run = spec.name() + "-" + index + "-" + HexFormat.of().formatHex(salt);
        String name = "pier-" + settings.instance() + "-" + leaseKey(lease) + "-" + run;
        networks.ensure(lease);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SERVICE", spec.name());
        env.put("REPLICA", Integer.toString(index));
        List<ServiceStatus.ForwardedPort> ports = new ArrayList<>();
        for (ServiceSpec.Expose expose : spec.expose()) {
            String proto = expose.proto() == null ? "tcp" : expose.proto();
            ports.add(new ServiceStatus.ForwardedPort(
                    expose.port(), HostPorts.free(proto, settings.publishAddress()), proto, settings.publishAddress()));
            // Inside the container the service listens on its own port; the variable keeps manifests portable.
            env.put("PORT_" + expose.port(), Integer.toString(expose.port()));
        }
        Path dir = leaseDir(lease).resolve(run);
        Path scratch = ScratchVolume.create(dir, limits.storageBytes(), settings.uidBase());
        return new Placement(
                lease, spec.name(), index, name, spec, limits, List.copyOf(ports), Map.copyOf(env), scratch, name);
    }

    private Path leaseDir(LeaseId lease) {
        return settings.storageRoot().resolve("leases").resolve(leaseKey(lease));
    }

    String image(Placement placement) {
        String image = placement.spec().image();
        return image == null || image.isBlank() ? settings.defaultImage() : image;
    }

    @Override
    public void prepare(Placement placement, Consumer<String> progress) {
        String image = image(placement);
        // One pull of an image at a time, however many replicas wait for it.
        synchronized (pullLocks.computeIfAbsent(image, i -> new Object())) {
            if (!podman.run("image", "exists", image).ok()) {
                if (settings.pull() == PodmanSettings.PullPolicy.NEVER) {
                    throw new IllegalStateException("Image " + image + " is not on this provider, and it pulls no "
                            + "images (pier.provider.images.pull=never). Load it on the provider (podman load -i "
                            + "image.tar) or name an image it has.");
                }
                pull(image, progress);
            }
            workingDirs.computeIfAbsent(
                    image,
                    i -> podman.run("image", "inspect", "--format", "{{.Config.WorkingDir}}", i)
                            .out()
                            .strip());
        }
    }

    private void pull(String image, Consumer<String> progress) {
        progress.accept("pulling image " + image);
        List<String> lines = new ArrayList<>();
        try {
            ProcessBuilder builder = podman.builder(List.of("pull", image)).redirectErrorStream(true);
            Process process = builder.start();
            process.getOutputStream().close();
            try (var reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                    if (line.startsWith("Copying") || line.startsWith("Trying") || line.startsWith("Writing")) {
                        progress.accept(line.strip());
                    }
                }
            }
            if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                String reason = lines.isEmpty()
                        ? "no answer"
                        : lines.get(lines.size() - 1).replaceFirst("^Error: ", "");
                throw new IllegalStateException("Could not pull image " + image + ": " + reason + ". Check the image "
                        + "name and tag and that this provider reaches its registry; an offline provider needs the "
                        + "image loaded first (podman load -i image.tar).");
            }
            progress.accept("pulled image " + image);
        } catch (IOException e) {
            throw new IllegalStateException("Could not pull image " + image + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pulling " + image, e);
        }
    }

    @Override
    public Process start(Placement placement) throws IOException {
        Path envFile = placement.workDir().resolveSibling("env");
        StringBuilder variables = new StringBuilder();
        placement
                .spec()
                .env()
                .forEach((name, value) ->
                        variables.append(name).append('=').append(value).append('\n'));
        Files.deleteIfExists(envFile);
        Files.createFile(envFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(envFile, variables, StandardCharsets.UTF_8);

        String image = image(placement);
        List<String> args = ContainerRunArguments.of(
                placement,
                settings,
                networks.ensure(placement.lease()),
                envFile,
                image,
                workingDirs.getOrDefault(image, ""),
                ulimits,
                cgroupParent(placement));
        ProcessBuilder builder = podman.builder(args);
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return builder.start();
    }

    /**
     * Each run's cgroup sits in a parent of the replica's own. Podman cannot tell an OOM kill on cgroup v1 hosts
     * (State.OOMKilled stays false there), and the run's own cgroup is gone when it has ended; the parent keeps the
     * peak memory the run reached.
     */
    private String cgroupParent(Placement placement) {
        return "/pier-" + settings.instance() + "/" + placement.name();
    }

    @Override
    public boolean running(Placement placement) {
        PodmanCli.Result state =
                podman.run("inspect", "--type", "container", "--format", "{{.State.Running}}", placement.name());
        return state.ok() && state.out().strip().equals("true");
    }

    @Override
    public String ended(Placement placement, int exitCode, String lastError) {
        PodmanCli.Result state =
                podman.run("inspect", "--type", "container", "--format", "{{.State.OOMKilled}}", placement.name());
        podman.run("rm", "-f", "-t", "0", placement.name());
        long limit = placement.resources().memoryBytes();
        Path memory =
                Path.of("/sys/fs/cgroup/memory").resolve(cgroupParent(placement).substring(1));
        boolean atLimit = false;
        try {
            long peak = Long.parseLong(Files.readString(memory.resolve("memory.max_usage_in_bytes"))
                    .strip());
            atLimit = peak >= limit - (1L << 20);
            Files.writeString(memory.resolve("memory.max_usage_in_bytes"), "0");
        } catch (IOException | RuntimeException e) {
            log.debug("No memory peak for {}: {}", placement.name(), e.toString());
        }
        if ((state.ok() && state.out().strip().equals("true")) || (exitCode == 137 && atLimit)) {
            return "killed: out of memory (limit " + ManifestParser.bytesText(limit) + ")";
        }
        if (lastError != null && lastError.contains("failed to exec pid1")) {
            // The init process could not start the entry point: the program is not in the image.
            List<String> command = placement.spec().command().isEmpty()
                    ? placement.spec().args()
                    : placement.spec().command();
            return "could not start " + (command.isEmpty() ? "the image's entry point" : "'" + command.get(0) + "'")
                    + ": no such program in image " + image(placement) + " (" + lastError.strip() + ")";
        }
        return null;
    }

    @Override
    public void stop(Placement placement, Process process, Duration timeout) {
        long seconds = Math.max(0, timeout.toSeconds());
        podman.run(List.of("rm", "-f", "-t", Long.toString(seconds), placement.name()), timeout.plusSeconds(30));
        if (process != null) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void release(Placement placement) {
        ScratchVolume.remove(placement.workDir().getParent());
        removeCgroups(cgroupParent(placement).substring(1));
    }

    /** The parent cgroups in every controller's hierarchy (children first); only empty ones can go. */
    private static void removeCgroups(String relative) {
        try (var controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path controller : controllers.toList()) {
                Path dir = controller.resolve(relative);
                if (Files.isDirectory(dir)) {
                    try (var children = Files.walk(dir)) {
                        for (Path child : children.filter(Files::isDirectory)
                                .sorted(Comparator.reverseOrder())
                                .toList()) {
                            Files.deleteIfExists(child);
                        }
                    } catch (IOException e) {
                        log.debug("Cannot remove cgroup {}: {}", dir, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            log.debug("Cannot list cgroups", e);
        }
    }

    @Override
    public void closeLease(LeaseId lease) {
        networks.remove(lease);
        ScratchVolume.remove(leaseDir(lease));
    }

    @Override
    public ProcessBuilder exec(Placement placement, List<String> program, boolean tty, String marker) {
        List<String> args = new ArrayList<>(List.of("exec", "--env", ProcessTrees.MARKER + "=" + marker));
        if (tty) {
            args.addAll(List.of("--interactive", "--tty", "--env", "TERM=xterm-256color"));
        }
        args.add(placement.name());
        args.addAll(program);
        ProcessBuilder builder = podman.builder(args);
        builder.environment().put(ProcessTrees.MARKER, marker);
        return builder;
    }

    @Override
    public List<String> defaultShell() {
        return List.of("/bin/sh", "-c", DEFAULT_SHELL);
    }

    @Override
    public void close() {
        // Leases were stopped by the runtime; the host rule stays for other providers on this host and the next start.
    }

    /**
     * Podman's default ulimits exceed what these hosts allow a process (every run would fail with "setrlimit: Operation
     * not permitted"): take the provider's own hard limits instead. The pids limit bounds processes.
     */
    private static String ulimits() {
        long files = hardLimit("Max open files", 1_048_576);
        // Above about 32k runc is refused here (seen: 30,000 works, 50,000 fails); per container the pids limit counts.
        long processes = hardLimit("Max processes", 32_768);
        return "nofile=" + files + ":" + files + " nproc=" + processes + ":" + processes;
    }

    private static long hardLimit(String name, long cap) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith(name)) {
                    String[] fields = line.substring(name.length()).trim().split("\\s+");
                    return fields[1].equals("unlimited") ? cap : Math.min(cap, Long.parseLong(fields[1]));
                }
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Cannot read /proc/self/limits", e);
        }
        return 1024;
    }
}
