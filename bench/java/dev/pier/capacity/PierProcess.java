package dev.pier.capacity;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The production jar in its own JVM with a 1 GiB heap, a fresh data directory (file H2, as shipped) and the offline
 * test image for workloads; what it costs is read from outside, as an operator would: {@code jcmd} for the heap after
 * full GCs and the threads by name, {@code /proc} for sockets and RSS.
 */
final class PierProcess implements AutoCloseable {

    static final String ADMIN_PASSWORD = "capacity-admin-password";
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");
    private static final Pattern THREAD = Pattern.compile("^\"([^\"]+)\"", Pattern.MULTILINE);

    final Process process;
    final int port;
    final int providerPort;
    /** Launch to the login page served, and to readiness UP, in seconds. */
    final double loginPageSeconds;

    final double readySeconds;
    /** CPU time (user + system) the JVM used until ready: start-up's cost apart from what else runs on the machine. */
    final double readyCpuSeconds;

    private PierProcess(Process process, int port, int providerPort, double loginPage, double ready, double cpu) {
        this.process = process;
        this.port = port;
        this.providerPort = providerPort;
        this.loginPageSeconds = loginPage;
        this.readySeconds = ready;
        this.readyCpuSeconds = cpu;
    }

    /** Starts the jar and waits for readiness; {@code extra} are further Spring arguments. */
    static PierProcess start(Path jar, Path dataDir, List<String> jvmOptions, List<String> extra)
            throws IOException, InterruptedException {
        int port = freePort();
        int providerPort = freePort();
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
        command.addAll(jvmOptions);
        command.addAll(List.of(
                "-jar",
                jar.toString(),
                "--server.port=" + port,
                "--pier.provider-port=" + providerPort,
                "--pier.data-dir=" + dataDir,
                "--pier.admin.password=" + ADMIN_PASSWORD,
                "--pier.provider.images.default-image=localhost/pier-test-busybox:1",
                "--pier.provider.images.pull=never",
                "--logging.level.root=warn"));
        command.addAll(extra);
        Files.createDirectories(dataDir);
        long launched = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("console.log").toFile())
                .start();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1))
                .build();
        double loginPage = waitFor(http, port, "login", body -> body.contains("<html"), launched, process);
        double ready = waitFor(http, port, "actuator/health/readiness", body -> body.contains("UP"), launched, process);
        String[] stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"))
                .replaceAll(".*\\) ", "")
                .split(" ");
        double cpu = (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100.0;
        return new PierProcess(process, port, providerPort, loginPage, ready, cpu);
    }

    private static double waitFor(
            HttpClient http,
            int port,
            String path,
            java.util.function.Predicate<String> ok,
            long launched,
            Process process)
            throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/" + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        while (System.nanoTime() - launched < TimeUnit.MINUTES.toNanos(3)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Pier exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && ok.test(response.body())) {
                    return (System.nanoTime() - launched) / 1e9;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("Pier did not answer /" + path + " within 3 minutes");
    }

    long pid() {
        return process.pid();
    }

    /** Heap used after full GCs (the smallest of three), in bytes. */
    long heapAfterGc() throws IOException, InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            jcmd("GC.run");
            Thread.sleep(300);
            Matcher matcher = HEAP_USED.matcher(jcmd("GC.heap_info"));
            if (matcher.find()) {
                used = Math.min(used, Long.parseLong(matcher.group(1)) * 1024);
            }
        }
        return used;
    }

    /** Platform threads by name with digits dropped ("provider-stream-17" counts as "provider-stream-"). */
    Map<String, Integer> threads() throws IOException, InterruptedException {
        Map<String, Integer> byName = new TreeMap<>();
        Matcher matcher = THREAD.matcher(jcmd("Thread.print"));
        while (matcher.find()) {
            // A PTY's reaper thread is named after its whole command line; its first words are enough.
            String name = matcher.group(1).replaceAll(" for \\[.*", "").replaceAll("\\d+", "#");
            byName.merge(name, 1, Integer::sum);
        }
        return byName;
    }

    /** The process's threads as the kernel counts them. */
    int threadCount() throws IOException {
        return Integer.parseInt(status("Threads"));
    }

    /** Resident set size in KiB. */
    long rssKib() throws IOException {
        return Long.parseLong(status("VmRSS").replace("kB", "").trim());
    }

    /** The processes Pier started (shells' {@code podman exec}, workloads' podman clients) and their RSS in KiB. */
    long[] descendants() throws IOException {
        Map<Long, List<Long>> children = new java.util.HashMap<>();
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.toList()) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    long ppid = Long.parseLong(
                            stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
                    children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(Long.parseLong(name));
                } catch (IOException | RuntimeException gone) {
                    // Exited while listing.
                }
            }
        }
        long count = 0;
        long rss = 0;
        List<Long> todo = new ArrayList<>(children.getOrDefault(pid(), List.of()));
        while (!todo.isEmpty()) {
            long child = todo.remove(todo.size() - 1);
            todo.addAll(children.getOrDefault(child, List.of()));
            try {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(child), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        rss += Long.parseLong(
                                line.substring(6).replace("kB", "").trim());
                    }
                }
                count++;
            } catch (IOException gone) {
                // Exited.
            }
        }
        return new long[] {count, rss};
    }

    /** Open TCP sockets of the process: its console's, its provider's, its client sockets to the provider, others. */
    Map<String, Integer> sockets() throws IOException {
        Set<String> inodes = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc", String.valueOf(pid()), "fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring(8, target.length() - 1));
                    }
                } catch (IOException gone) {
                    // Closed while listing.
                }
            }
        }
        Map<String, Integer> kinds = new TreeMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                if (!inodes.contains(f[9])) {
                    continue;
                }
                int local = Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16);
                int remote = Integer.parseInt(f[2].substring(f[2].indexOf(':') + 1), 16);
                String kind = f[3].equals("0A")
                        ? "listening"
                        : local == port
                                ? "console (browser side)"
                                : local == providerPort
                                        ? "provider (server side)"
                                        : remote == providerPort ? "console -> provider" : "other";
                kinds.merge(kind, 1, Integer::sum);
            }
        }
        return kinds;
    }

    private String status(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid()), "status"))) {
            if (line.startsWith(key + ":")) {
                return line.substring(key.length() + 1).trim();
            }
        }
        throw new IllegalStateException("no " + key + " in /proc status");
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        String.valueOf(pid()),
                        command)
                .redirectErrorStream(true)
                .start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        return out;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
