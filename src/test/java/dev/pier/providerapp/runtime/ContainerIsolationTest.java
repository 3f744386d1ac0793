package dev.pier.providerapp.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.manifest.ServiceSpec;
import dev.pier.shared.LogLine;
import dev.pier.test.TestImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The attacks that broke the old sandbox, each run from inside a container by a tenant's manifest or shell. Skipped
 * (naming the packages) where podman is missing; CI installs it, so they always run there.
 */
class ContainerIsolationTest extends RuntimeTestSupport {

    static final LeaseId MINE = new LeaseId("akash1tenant", 1, 1, 1);
    static final LeaseId OTHER = new LeaseId("akash1neighbour", 2, 1, 1);

    static ServiceSpec sh(
            String name,
            String script,
            Map<String, String> env,
            List<ServiceSpec.Expose> expose,
            ServiceSpec.Resources resources) {
        return new ServiceSpec(name, null, List.of("sh", "-c"), List.of(script), env, expose, 1, resources);
    }

    List<String> lines(LeaseId lease) {
        return runtime.logs(lease).readAfter(0, 10_000, l -> true).stream()
                .map(LogLine::message)
                .toList();
    }

    void awaitLine(LeaseId lease, String prefix) {
        try {
            await(
                    "a log line starting " + prefix,
                    Duration.ofSeconds(30),
                    () -> lines(lease).stream().anyMatch(l -> l.startsWith(prefix)));
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; log: " + lines(lease) + "; events: "
                            + runtime.events(lease).readAfter(0, 100, x -> true),
                    e);
        }
    }

    @Test
    void the_manifest_environment_exists_only_inside_the_container() throws Exception {
        String secret = UUID.randomUUID().toString();
        containers()
                .apply(
                        MINE,
                        manifest(sh(
                                "app",
                                "echo SEEN=$SECRET; sleep 300",
                                Map.of("SECRET", secret, "LD_PRELOAD", "/tmp/evil.so"),
                                List.of(),
                                ServiceSpec.Resources.DEFAULTS)));
        awaitLine(MINE, "SEEN=");
        assertThat(lines(MINE)).contains("SEEN=" + secret);

        // Every host process that carries the secret lives in another PID namespace: the container's.
        String ours = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        List<Long> carriers = withEnvironment("SECRET=" + secret);
        assertThat(carriers).isNotEmpty();
        for (long pid : carriers) {
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/pid"))
                            .toString())
                    .as("process %d with the manifest's environment", pid)
                    .isNotEqualTo(ours);
        }
        assertThat(withEnvironment("LD_PRELOAD=/tmp/evil.so"))
                .allSatisfy(pid -> assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/pid"))
                                .toString())
                        .isNotEqualTo(ours));
        Path envFile = runtime.placements(MINE, "app").get(0).workDir().resolveSibling("env");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(envFile)))
                .isEqualTo("rw-------");
    }

    @Test
    void container_root_is_an_unprivileged_host_uid_that_cannot_change_the_host() throws Exception {
        String hostname = Files.readString(Path.of("/proc/sys/kernel/hostname"));
        String corePattern = Files.readString(Path.of("/proc/sys/kernel/core_pattern"));
        String probe = String.join(
                "; ",
                "echo MAP=$(cat /proc/self/uid_map)",
                "echo evil > /proc/sys/kernel/hostname 2>/dev/null && echo HOSTNAME=written || echo HOSTNAME=refused",
                "echo '|/tmp/x' > /proc/sys/kernel/core_pattern 2>/dev/null && echo CORE=written || echo CORE=refused",
                "cp /bin/busybox /tmp/rootsh && chmod 4755 /tmp/rootsh && echo SETUID=made",
                "echo UID=$(id -u)",
                "sleep 300");
        containers()
                .apply(
                        MINE,
                        manifest(sh(
                                "probe",
                                probe,
                                Map.of("PROBE", "uid-test"),
                                List.of(),
                                ServiceSpec.Resources.DEFAULTS)));
        awaitLine(MINE, "UID=");

        assertThat(lines(MINE))
                .contains("HOSTNAME=refused", "CORE=refused", "SETUID=made", "UID=0")
                .anyMatch(l -> l.matches("MAP=\\s*0\\s+200000\\s+65536"));
        assertThat(Files.readString(Path.of("/proc/sys/kernel/hostname"))).isEqualTo(hostname);
        assertThat(Files.readString(Path.of("/proc/sys/kernel/core_pattern"))).isEqualTo(corePattern);
        // On the host, the workload runs as uid 200000, and its setuid file belongs to 200000 on a nosuid mount.
        List<Long> workload = withEnvironment("PROBE=uid-test");
        assertThat(workload)
                .isNotEmpty()
                .allSatisfy(pid -> assertThat(hostUid(pid)).isEqualTo(200000));
        Path scratch = runtime.placements(MINE, "probe").get(0).workDir();
        assertThat(Files.getAttribute(scratch.resolve("rootsh"), "unix:uid")).isEqualTo(200000);
        assertThat(mountOptions(scratch)).contains("nosuid", "nodev");
    }

    @Test
    void host_files_are_out_of_reach_from_the_workload_the_shell_and_the_file_route() throws Exception {
        Path key = tmp.resolve("data/master.key");
        Files.createDirectories(key.getParent());
        Files.writeString(key, "top-secret-master-key");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        containers()
                .apply(
                        MINE,
                        manifest(sh(
                                "app",
                                "cat " + key + " 2>&1 || echo KEY=unreadable; "
                                        + "echo PROCS=$(ls /proc | grep -c '^[0-9]'); echo JAVA=$(ps -o comm | "
                                        + "grep -c '^java$'); sleep 300",
                                Map.of(),
                                List.of(),
                                ServiceSpec.Resources.DEFAULTS)));
        awaitLine(MINE, "JAVA=");
        assertThat(lines(MINE)).contains("KEY=unreadable").noneMatch(l -> l.contains("top-secret"));
        // Its own processes only (init, sh, the probe's commands): not the host's, not the provider's JVM.
        int procs = Integer.parseInt(lines(MINE).stream()
                .filter(l -> l.startsWith("PROCS="))
                .findFirst()
                .orElseThrow()
                .substring(6));
        assertThat(procs).isLessThan(10);
        assertThat(lines(MINE)).contains("JAVA=0");

        assertThatThrownBy(() -> runtime.readFile(MINE, "app", 0, key.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No such file");
        try (var in = runtime.readFile(MINE, "app", 0, "/etc/passwd")) {
            assertThat(new String(in.readAllBytes())).startsWith("root:x:0:0").doesNotContain("top-secret");
        }
    }

    @Test
    void leases_reach_neither_each_other_nor_the_host() throws Exception {
        try (var hostService = new ServerSocket(0, 50, InetAddress.getByName("0.0.0.0"))) {
            var accepted = Executors.newSingleThreadExecutor();
            accepted.execute(() -> {
                while (!hostService.isClosed()) {
                    try (var s = hostService.accept()) {
                        s.getOutputStream().write("host\n".getBytes());
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            containers();
            String serve = "while true; do echo neighbour | nc -l -p 8080; done & "
                    + "while true; do echo hidden | nc -l -p 9090; done & wait";
            runtime.apply(
                    OTHER,
                    manifest(sh(
                            "web",
                            serve,
                            Map.of(),
                            List.of(new ServiceSpec.Expose(8080, 80, "tcp")),
                            ServiceSpec.Resources.DEFAULTS)));
            String[] neighbourIp = new String[1];
            await("the neighbour's address", Duration.ofSeconds(30), () -> {
                neighbourIp[0] = TestImages.podman(
                                "inspect",
                                "--format",
                                "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}",
                                runtime.placements(OTHER, "web").get(0).name())
                        .strip();
                return neighbourIp[0].matches("10\\.213\\.\\d+\\.\\d+");
            });
            int published = runtime.status(OTHER).get(0).forwardedPorts().get(0).externalPort();

            String probe = String.join(
                    "; ",
                    "try() { if nc -w 3 $1 $2 </dev/null >/dev/null 2>&1; then echo $3=reached; else echo "
                            + "$3=blocked; fi; }",
                    "GW=$(ip route | awk '/default/ {print $3}')",
                    "echo GATEWAY=$GW",
                    "try " + neighbourIp[0] + " 8080 NEIGHBOUR_EXPOSED",
                    "try " + neighbourIp[0] + " 9090 NEIGHBOUR_HIDDEN",
                    "try $GW " + hostService.getLocalPort() + " HOST_SERVICE",
                    "try $GW " + published + " NEIGHBOUR_PUBLISHED",
                    "echo CONTROL=$(echo self | nc -l -p 7070 & sleep 1; nc -w 3 127.0.0.1 7070 </dev/null)",
                    "echo DONE; sleep 300");
            runtime.apply(MINE, manifest(sh("probe", probe, Map.of(), List.of(), ServiceSpec.Resources.DEFAULTS)));
            awaitLine(MINE, "DONE");

            assertThat(lines(MINE))
                    .contains(
                            "NEIGHBOUR_EXPOSED=blocked",
                            "NEIGHBOUR_HIDDEN=blocked",
                            "HOST_SERVICE=blocked",
                            "NEIGHBOUR_PUBLISHED=blocked",
                            "CONTROL=self");
            // The host itself reaches the published port: publishing works, only tenants are kept out.
            try (var socket = new Socket("127.0.0.1", published)) {
                assertThat(new String(socket.getInputStream().readAllBytes()).strip())
                        .isEqualTo("neighbour");
            }
            accepted.shutdownNow();
        }
    }

    @Test
    void processes_memory_and_storage_are_limited_and_a_limit_reached_is_visible() {
        containers(FAST.withCapacity(100, new RuntimeSettings.ReplicaDefaults(500, 64L << 20, 32L << 20, 64)));
        String probe = String.join(
                "; ",
                "echo MEMORY=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)",
                "echo CPU=$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us)/$(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)",
                "dd if=/dev/zero of=/tmp/fill bs=1M count=64 2>&1 | head -1",
                "echo FILLED=$(du -m /tmp/fill | cut -f1)",
                "sleep 300");
        // echo is built in: the bomb reports each process it got until the pids limit stops it.
        String bomb = "i=0; while true; do sleep 300 & i=$((i+1)); echo STARTED=$i; done";
        runtime.apply(
                MINE,
                manifest(
                        sh("probe", probe, Map.of(), List.of(), ServiceSpec.Resources.DEFAULTS),
                        sh("bomb", bomb, Map.of(), List.of(), ServiceSpec.Resources.DEFAULTS),
                        sh(
                                "hog",
                                "exec dd if=/dev/zero of=/dev/null bs=128M count=1",
                                Map.of(),
                                List.of(),
                                new ServiceSpec.Resources(null, 48L << 20, null))));
        awaitLine(MINE, "FILLED=");
        await(
                "the bomb to hit the limit",
                Duration.ofSeconds(30),
                () -> runtime.events(MINE)
                                .readAfter(
                                        0,
                                        1000,
                                        e -> e.service().equals("bomb")
                                                && e.type().equals("exited"))
                                .size()
                        > 0);

        assertThat(lines(MINE))
                .contains("MEMORY=" + (64L << 20), "CPU=50000/100000")
                .anyMatch(l -> l.contains("No space left on device"));
        int filled = Integer.parseInt(lines(MINE).stream()
                .filter(l -> l.startsWith("FILLED="))
                .findFirst()
                .orElseThrow()
                .substring(7));
        assertThat(filled).isLessThanOrEqualTo(32);
        int most = lines(MINE).stream()
                .filter(l -> l.startsWith("STARTED="))
                .mapToInt(l -> Integer.parseInt(l.substring(8)))
                .max()
                .orElseThrow();
        assertThat(most).as("processes started under a pids limit of 64").isBetween(10, 64);

        await(
                "the hog's OOM kill",
                Duration.ofSeconds(30),
                () ->
                        runtime
                                .events(MINE)
                                .readAfter(
                                        0,
                                        1000,
                                        e -> e.service().equals("hog")
                                                && e.type().equals("exited"))
                                .stream()
                                .anyMatch(e -> e.message().contains("out of memory") && e.exitCode() == 137));
        // conmon's OOM marker stays in podman's working directory, not in whatever directory the provider runs in.
        assertThat(Path.of("oom"))
                .as("a file left in the provider's working directory")
                .doesNotExist();
    }

    @Test
    void closing_a_lease_removes_its_containers_network_and_volumes() {
        containers()
                .apply(
                        MINE,
                        manifest(
                                sh("a", "sleep 300", Map.of(), List.of(), ServiceSpec.Resources.DEFAULTS),
                                sh(
                                        "b",
                                        "echo data > /tmp/file; sleep 300",
                                        Map.of(),
                                        List.of(),
                                        ServiceSpec.Resources.DEFAULTS)));
        String key = PodmanEngine.leaseKey(MINE);
        await(
                "both containers",
                Duration.ofSeconds(30),
                () -> labelled("ps", key).size() == 2);
        assertThat(labelled("network", key)).hasSize(1);
        String bridge = bridgeOf(key);
        assertThat(Path.of("/sys/class/net", bridge)).exists();
        Path storage = tmp.resolve("data/containers/leases").resolve(key);
        assertThat(ScratchVolume.mountsUnder(storage)).hasSize(2);

        runtime.stop(MINE);

        assertThat(labelled("ps", key)).isEmpty();
        assertThat(labelled("network", key)).isEmpty();
        // The bridge would keep the lease's subnet on the host, and the pool would run dry.
        assertThat(Path.of("/sys/class/net", bridge)).doesNotExist();
        assertThat(ScratchVolume.mountsUnder(tmp.resolve("data/containers"))).isEmpty();
        assertThat(storage).doesNotExist();
    }

    @Test
    void a_restarted_provider_removes_what_a_killed_one_left_behind() {
        LocalRuntime first = containers();
        first.apply(MINE, manifest(sh("a", "sleep 300", Map.of(), List.of(), ServiceSpec.Resources.DEFAULTS)));
        String key = PodmanEngine.leaseKey(MINE);
        await("the container", Duration.ofSeconds(30), () -> labelled("ps", key).size() == 1);
        // As after kill -9: nothing of the first runtime acts any more; its container, network and volume stay.
        first.abandon();
        assertThat(labelled("network", key)).hasSize(1);
        String bridge = bridgeOf(key);
        assertThat(ScratchVolume.mountsUnder(tmp.resolve("data/containers"))).hasSize(1);

        containers();

        assertThat(labelled("ps", key)).isEmpty();
        assertThat(labelled("network", key)).isEmpty();
        assertThat(Path.of("/sys/class/net", bridge)).doesNotExist();
        assertThat(ScratchVolume.mountsUnder(tmp.resolve("data/containers"))).isEmpty();
    }

    /** The host bridge of this lease's network. */
    String bridgeOf(String key) {
        return TestImages.podman(
                        "network",
                        "inspect",
                        "--format",
                        "{{.NetworkInterface}}",
                        labelled("network", key).get(0))
                .strip();
    }

    /** Names of this lease's containers ({@code ps}) or networks ({@code network}) at podman. */
    List<String> labelled(String kind, String key) {
        List<String> args = new ArrayList<>(kind.equals("ps") ? List.of("ps", "-a") : List.of("network", "ls"));
        args.addAll(List.of(
                "--filter",
                "label=pier.instance=" + instance,
                "--filter",
                "label=pier.lease=" + key,
                "--format",
                kind.equals("ps") ? "{{.Names}}" : "{{.Name}}"));
        return List.of(TestImages.podman(args.toArray(String[]::new)).split("\\s+")).stream()
                .filter(s -> !s.isBlank())
                .toList();
    }

    /** Host processes whose environment holds {@code variable} (NAME=value). */
    static List<Long> withEnvironment(String variable) {
        byte[] needle = (variable + "\0").getBytes();
        List<Long> found = new ArrayList<>();
        ProcessHandle.allProcesses().forEach(p -> {
            try {
                byte[] environ = Files.readAllBytes(Path.of("/proc/" + p.pid() + "/environ"));
                if (new String(environ, StandardCharsets.ISO_8859_1)
                        .contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                    found.add(p.pid());
                }
            } catch (IOException | RuntimeException e) {
                // gone meanwhile
            }
        });
        return found;
    }

    static int hostUid(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith("Uid:"))
                    .map(l -> Integer.parseInt(l.split("\\s+")[1]))
                    .findFirst()
                    .orElseThrow();
        } catch (IOException e) {
            return -1;
        }
    }

    static String mountOptions(Path point) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .map(l -> l.split(" "))
                .filter(f -> f[1].equals(point.toString()))
                .map(f -> f[3])
                .findFirst()
                .orElse("");
    }
}
