package dev.pier.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The image workloads run in during tests: busybox-static copied into an empty root file system and imported into
 * podman, built offline in about a second. Podman, runc, busybox-static and iptables come from Debian; .ci/run installs
 * them, and without them the container tests are skipped with a message naming the packages.
 */
public final class TestImages {

    public static final String BUSYBOX = "localhost/pier-test-busybox:1";
    /** The image the samples name; where it is missing, the test image stands in for it (it is busybox too). */
    public static final String SAMPLE_BUSYBOX = "docker.io/library/busybox:1.36";

    public static final String PACKAGES =
            "podman runc busybox-static iptables (apt-get install podman runc busybox-static iptables)";
    static final List<String> PODMAN =
            List.of("podman", "--cgroup-manager=cgroupfs", "--events-backend=file", "--runtime=runc");

    private static Boolean available;

    private TestImages() {}

    /** Whether containers can run here: podman works, busybox-static is there, and the test image is built. */
    public static synchronized boolean containersAvailable() {
        if (available == null) {
            available = detectAndBuild();
            if (!available) {
                System.err.println("Container tests are skipped: they need " + PACKAGES + " and root.");
            }
        }
        return available;
    }

    private static boolean detectAndBuild() {
        Path busybox = Path.of("/bin/busybox");
        if (!Files.isExecutable(busybox)
                || run(List.of("iptables", "-w", "5", "-L", "INPUT", "-n")) != 0
                || run(concat("info", "--format", "{{.Host.OCIRuntime.Name}}")) != 0) {
            return false;
        }
        boolean built = run(concat("image", "exists", BUSYBOX)) == 0 || build(busybox);
        if (built && run(concat("image", "exists", SAMPLE_BUSYBOX)) != 0) {
            // As an offline provider's operator would load it (README, "Images"): the samples then run here.
            run(concat("tag", BUSYBOX, SAMPLE_BUSYBOX));
        }
        return built;
    }

    private static boolean build(Path busybox) {
        try {
            Path root = Files.createTempDirectory("pier-test-image");
            Files.createDirectories(root.resolve("bin"));
            Files.createDirectories(root.resolve("etc"));
            Files.createDirectories(root.resolve("tmp"));
            Files.createDirectories(root.resolve("proc"));
            Files.copy(busybox, root.resolve("bin/busybox"));
            Process list = new ProcessBuilder(busybox.toString(), "--list").start();
            for (String applet : new String(list.getInputStream().readAllBytes()).split("\\s+")) {
                if (!applet.isBlank() && !applet.equals("busybox")) {
                    Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
                }
            }
            Files.writeString(
                    root.resolve("etc/passwd"),
                    "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n");
            Files.writeString(root.resolve("etc/group"), "root:x:0:\nnobody:x:65534:\n");
            String importing = "tar -C " + root + " -c . | " + String.join(" ", PODMAN) + " import - " + BUSYBOX;
            return run(List.of("sh", "-c", importing)) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> concat(String... args) {
        var all = new ArrayList<>(PODMAN);
        all.addAll(List.of(args));
        return all;
    }

    /**
     * For a benchmark's JVM (no surefire settings there): workloads run the offline test image, never pulled, and
     * {@code PIER_BENCH_RUNTIME} (auto, podman, process) chooses the engine.
     */
    public static void useForBenchmarks() {
        if (containersAvailable()) {
            System.setProperty("pier.provider.images.default-image", BUSYBOX);
            System.setProperty("pier.provider.images.pull", "never");
        }
        System.setProperty("pier.provider.runtime", System.getenv().getOrDefault("PIER_BENCH_RUNTIME", "auto"));
    }

    /** Runs a command and returns its exit code (-1 when it cannot run). */
    public static int run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Runs podman with the test's global options and returns what it printed. */
    public static String podman(String... args) {
        try {
            Process process =
                    new ProcessBuilder(concat(args)).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
