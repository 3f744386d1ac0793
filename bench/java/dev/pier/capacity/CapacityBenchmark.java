package dev.pier.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Capacity of one console (issue 16): the production jar with a 1 GiB heap, driven over real HTTP and WebSocket by
 * protocol-level sessions ({@link UiClient}) and, for the page's own figures, Chromium. Phases: {@code idle} (live heap
 * per signed-in UI on the deployments list), {@code streams} (per UI with Logs and Shell open, threads and sockets per
 * stream, and shell echo and first log line of a probe session at each load), {@code browser} (Chromium's JS heap for
 * one tab), {@code rotation} (short provider tokens: the keystroke and log line that cross a rotation). Start-up and
 * idle RSS are taken at every start. Run by bench/capacity.sh; not a test.
 */
public final class CapacityBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TICK = Pattern.compile("tick (\\d+\\.\\d+)");
    /** A ticker whose lines carry the kernel's uptime, so the reader (same kernel) can tell each line's age. */
    private static final String TICKER = """
            version: "1"
            services:
              ticker:
                command: ["sh", "-c", "i=0; while true; do echo \\"tick $(cut -d' ' -f1 /proc/uptime) $i\\"; \
            i=$((i+1)); usleep %d; done"]
            """;

    private final Path jar;
    private final Path work;
    private final List<String> jvmOptions;
    private final Map<String, List<Double>> results = new LinkedHashMap<>();
    private final HttpClient http = UiClient.httpClient();
    private UiClient seed;
    private int seedPort;

    private CapacityBenchmark(Path jar, Path work, List<String> jvmOptions) {
        this.jar = jar;
        this.work = work;
        this.jvmOptions = jvmOptions;
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        List<String> phases = List.of((args.length > 1 ? args[1] : "idle,streams,browser,rotation").split(","));
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int[] levels = Arrays.stream((args.length > 3 ? args[3] : "50,200,500").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int[] streamLevels = Arrays.stream((args.length > 4 ? args[4] : "50,100,200").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        List<String> jvmOptions = List.of(System.getProperty("capacity.jvm", "").split(" ")).stream()
                .filter(s -> !s.isBlank())
                .toList();
        if (!dev.pier.test.TestImages.containersAvailable()) {
            System.out.println("Note: no containers here; workloads run as plain processes.");
        }
        CapacityBenchmark bench =
                new CapacityBenchmark(jar, Path.of("target/capacity").toAbsolutePath(), jvmOptions);
        for (int run = 1; run <= runs; run++) {
            System.out.println("== run " + run + " of " + runs);
            if (phases.contains("idle")) {
                bench.idle(levels);
            }
            if (phases.contains("streams")) {
                bench.streams(streamLevels);
            }
            if (run == 1 && phases.contains("browser")) {
                bench.browser();
            }
            if (phases.contains("rotation")) {
                bench.rotation();
            }
        }
        bench.summary();
        System.exit(0);
    }

    private PierProcess start(List<String> extra) throws IOException, InterruptedException {
        PierProcess pier = PierProcess.start(jar, work.resolve(UUID.randomUUID().toString()), jvmOptions, extra);
        record("start: launch -> login page served, s", pier.loginPageSeconds);
        record("start: launch -> readiness UP, s", pier.readySeconds);
        record("start: CPU seconds used until ready", pier.readyCpuSeconds);
        Thread.sleep(10_000);
        record("start: idle RSS 10 s after readiness, MiB", pier.rssKib() / 1024.0);
        System.out.printf(
                Locale.ROOT,
                "started: login page %.2f s, ready %.2f s (%.1f CPU s), idle RSS %,d KiB%n",
                pier.loginPageSeconds,
                pier.readySeconds,
                pier.readyCpuSeconds,
                pier.rssKib());
        return pier;
    }

    /** Signed-in UIs on the deployments list, push connected, added up to each level. */
    private void idle(int[] levels) throws Exception {
        try (PierProcess pier = start(List.of())) {
            Snapshot base = Snapshot.of(pier);
            List<UiClient> clients = new CopyOnWriteArrayList<>();
            try (Heartbeats beats = new Heartbeats(clients)) {
                for (int level : levels) {
                    grow(
                            clients,
                            level,
                            client -> {
                                client.open("deployments");
                                client.connectPush(message -> {}).get(30, TimeUnit.SECONDS);
                            },
                            pier);
                    Thread.sleep(2000);
                    Snapshot now = Snapshot.of(pier);
                    double perUi = (now.heap - base.heap) / 1024.0 / level;
                    record("idle UI: live heap per UI at N=" + level + ", KiB", perUi);
                    System.out.printf(
                            Locale.ROOT,
                            "idle N=%d: heap %,d -> %,d KiB, %.1f KiB per UI; threads %d -> %d; sockets %s%n",
                            level,
                            base.heap / 1024,
                            now.heap / 1024,
                            perUi,
                            base.threadCount,
                            now.threadCount,
                            now.sockets);
                }
            } finally {
                clients.forEach(UiClient::close);
            }
        }
    }

    /** UIs with Logs and Shell open on one deployment, added up to each level; the probe session measures at each. */
    private void streams(int[] levels) throws Exception {
        try (PierProcess pier = start(List.of())) {
            Api api = new Api(pier.port);
            // -Dcapacity.loadMicros sets the load deployment's pause between lines: 3000000000 leaves its streams idle
            // after the first line, for what an idle stream costs.
            long load = api.deploy("capacity load", TICKER.formatted(Long.getLong("capacity.loadMicros", 500_000)));
            long probe = api.deploy("capacity probe", TICKER.formatted(100_000));
            Thread.sleep(5000);
            Probe probing = new Probe(pier.port, probe);
            probing.measure(20, 1);
            Snapshot base = Snapshot.of(pier);
            System.out.println("base threads: " + base.threads);
            List<UiClient> clients = new CopyOnWriteArrayList<>();
            try (Heartbeats beats = new Heartbeats(clients)) {
                for (int level : levels) {
                    long perShell = clients.isEmpty() ? 0 : (pier.descendants()[1] - base.children[1]) / clients.size();
                    long needed = perShell * (level - clients.size()) / 1024;
                    if (needed > availableMib() - 4096) {
                        System.out.printf(
                                "streams N=%d not run: its shells' processes would need %,d MiB more, %,d MiB are free%n",
                                level, needed, availableMib());
                        break;
                    }
                    grow(
                            clients,
                            level,
                            client -> {
                                client.open("deployments/" + load + "/logs");
                                client.connectPush(message -> {}).get(30, TimeUnit.SECONDS);
                                String shell = client.navigate("deployments/" + load + "/shell");
                                client.connectTerminal(shell, output -> {}).get(30, TimeUnit.SECONDS);
                            },
                            pier);
                    Thread.sleep(5000);
                    Snapshot now = Snapshot.of(pier);
                    double perUi = (now.heap - base.heap) / 1024.0 / level;
                    record("Logs+Shell UI: live heap per UI at N=" + level + ", KiB", perUi);
                    record(
                            "Logs+Shell: platform threads per UI (2 streams) at N=" + level,
                            (now.threadCount - base.threadCount) / (double) level);
                    Map<String, Integer> grown = difference(now.threads, base.threads);
                    Map<String, Integer> sockets = difference(now.sockets, base.sockets);
                    System.out.printf(
                            Locale.ROOT,
                            "streams N=%d: heap %,d -> %,d KiB, %.1f KiB per UI; threads %d -> %d (%s); sockets +%s%n",
                            level,
                            base.heap / 1024,
                            now.heap / 1024,
                            perUi,
                            base.threadCount,
                            now.threadCount,
                            grown,
                            sockets);
                    long[] children = pier.descendants();
                    System.out.printf(
                            Locale.ROOT,
                            "streams N=%d: %d child processes (was %d), RSS %,d KiB (was %,d); Pier RSS %,d KiB%n",
                            level,
                            children[0],
                            base.children[0],
                            children[1],
                            base.children[1],
                            pier.rssKib());
                    record(
                            "Logs+Shell: child processes per UI at N=" + level,
                            (children[0] - base.children[0]) / (double) level);
                    record(
                            "Logs+Shell: child processes' RSS per UI at N=" + level + ", KiB",
                            (children[1] - base.children[1]) / (double) level);
                    sockets.forEach((kind, count) ->
                            record("Logs+Shell: sockets per UI, " + kind + ", at N=" + level, count / (double) level));
                    grown.forEach((name, count) -> {
                        if (Math.abs(count) >= level / 2) {
                            record("Logs+Shell: threads '" + name + "' per UI at N=" + level, count / (double) level);
                        }
                    });
                    Probe.Result result = probing.measure(100, 5);
                    record("probe at N=" + level + ": shell echo p50, ms", result.echoP50);
                    record("probe at N=" + level + ": shell echo p99, ms", result.echoP99);
                    record("probe at N=" + level + ": Logs first line (median of 5), ms", result.firstLineMedian);
                    record("probe at N=" + level + ": Logs first line (max of 5), ms", result.firstLineMax);
                    System.out.printf(
                            Locale.ROOT,
                            "probe N=%d: echo p50 %.1f / p99 %.1f ms; first line median %.0f / max %.0f ms; "
                                    + "console CPU %s%n",
                            level,
                            result.echoP50,
                            result.echoP99,
                            result.firstLineMedian,
                            result.firstLineMax,
                            cpu(pier));
                }
            } finally {
                clients.forEach(UiClient::close);
            }
        }
    }

    /** Chromium's JS heap for one tab: on the deployments list, then with Logs and Shell open. */
    private void browser() throws Exception {
        try (PierProcess pier = start(List.of())) {
            Api api = new Api(pier.port);
            long probe = api.deploy("capacity browser", TICKER.formatted(500_000));
            Thread.sleep(5000);
            for (double[] heap : BrowserHeap.measure(pier.port, probe, 3)) {
                record("browser: JS heap of one tab on the deployments list, MiB", heap[0] / 1048576);
                record("browser: JS heap of one tab with Logs and Shell open, MiB", heap[1] / 1048576);
            }
        }
    }

    /**
     * Provider tokens of 120 s (renewed 60 s before expiry: a rotation about every minute) while the probe types every
     * 100 ms and its Logs tab receives 10 lines/s; the keystrokes and lines near each renewal against the rest.
     */
    private void rotation() throws Exception {
        try (PierProcess pier =
                start(List.of("--pier.credentials.token-ttl=120s", "--logging.level.dev.pier.provider.client=debug"))) {
            Api api = new Api(pier.port);
            long probe = api.deploy("capacity rotation", TICKER.formatted(100_000));
            Thread.sleep(5000);
            Probe probing = new Probe(pier.port, probe);
            TreeSet<Instant> renewals = new TreeSet<>();
            ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor();
            watch.scheduleAtFixedRate(
                    () -> {
                        try {
                            renewals.add(api.providerTokenExpiry().minusSeconds(60));
                        } catch (Exception e) {
                            System.out.println("token expiry not read: " + e);
                        }
                    },
                    0,
                    1,
                    TimeUnit.SECONDS);
            Probe.Timeline timeline = probing.timeline(150);
            watch.shutdownNow();
            List<Double> crossingKeys = new ArrayList<>();
            List<Double> otherKeys = new ArrayList<>();
            for (double[] key : timeline.keys()) {
                (near(renewals, key[0], 0.5, 1.5) ? crossingKeys : otherKeys).add(key[1]);
            }
            List<Double> crossingLines = new ArrayList<>();
            List<Double> otherLines = new ArrayList<>();
            for (double[] line : timeline.lines()) {
                (near(renewals, line[0], 0.5, 2.5) ? crossingLines : otherLines).add(line[1]);
            }
            System.out.println("renewal times: " + renewals.headSet(Instant.now()));
            // The outliers with their times, to tie each to a renewal (the shell's), an expiry (the log stream's) or
            // neither.
            for (double[] key : timeline.keys()) {
                if (key[1] > 40 || Double.isNaN(key[1])) {
                    System.out.printf(Locale.ROOT, "  keystroke at %s: echo %.1f ms%n", at(key[0]), key[1]);
                }
            }
            for (double[] line : timeline.lines()) {
                if (line[1] > 400) {
                    System.out.printf(Locale.ROOT, "  log push at %s: oldest line %.0f ms old%n", at(line[0]), line[1]);
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "rotation: keystrokes near a renewal (%d): max %.1f ms; others (%d): p50 %.1f, p99 %.1f, max %.1f"
                            + " ms%n",
                    crossingKeys.size(),
                    max(crossingKeys),
                    otherKeys.size(),
                    percentile(otherKeys, 0.5),
                    percentile(otherKeys, 0.99),
                    max(otherKeys));
            System.out.printf(
                    Locale.ROOT,
                    "rotation: log lines near a renewal (%d): max age %.0f ms; others (%d): p50 %.0f, p99 %.0f, max"
                            + " %.0f ms%n",
                    crossingLines.size(),
                    max(crossingLines),
                    otherLines.size(),
                    percentile(otherLines, 0.5),
                    percentile(otherLines, 0.99),
                    max(otherLines));
            record("rotation: echo of keystrokes near a renewal, max ms", max(crossingKeys));
            record("rotation: echo of other keystrokes, p99 ms", percentile(otherKeys, 0.99));
            record("rotation: age of log lines near a renewal, max ms", max(crossingLines));
            record("rotation: age of other log lines, p99 ms", percentile(otherLines, 0.99));
        }
    }

    private static Instant at(double epochSeconds) {
        return Instant.ofEpochMilli(Math.round(epochSeconds * 1000));
    }

    /** Whether {@code epochSeconds} lies within {@code before}..{@code after} seconds of a renewal. */
    private static boolean near(TreeSet<Instant> renewals, double epochSeconds, double before, double after) {
        for (Instant renewal : renewals) {
            double at = renewal.toEpochMilli() / 1000.0;
            if (epochSeconds >= at - before && epochSeconds <= at + after) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds sessions until there are {@code level}, four at a time. The first signs in with the password; the others
     * come back with its persistent login cookie, each getting an HTTP session of its own (logging in 500 times would
     * measure BCrypt, not capacity).
     */
    private void grow(List<UiClient> clients, int level, Opening opening, PierProcess pier) throws Exception {
        if (seed == null || seedPort != pier.port) {
            seed = new UiClient(http, pier.port);
            seed.logIn("admin", PierProcess.ADMIN_PASSWORD);
            seedPort = pier.port;
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> opened = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = clients.size(); i < level; i++) {
            opened.add(pool.submit(() -> {
                UiClient client = new UiClient(http, pier.port);
                client.adopt(seed);
                opening.open(client);
                clients.add(client);
                return null;
            }));
        }
        for (Future<?> future : opened) {
            future.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        System.out.printf(
                Locale.ROOT, "%d sessions open (%.1f s to add these)%n", level, (System.nanoTime() - started) / 1e9);
    }

    private static long availableMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (line.startsWith("MemAvailable:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return 0;
    }

    private static String cpu(PierProcess pier) throws IOException {
        String[] stat = Files.readString(Path.of("/proc", String.valueOf(pier.pid()), "stat"))
                .replaceAll(".*\\) ", "")
                .split(" ");
        return "user+sys " + (Long.parseLong(stat[11]) + Long.parseLong(stat[12])) / 100 + " s so far";
    }

    private static Map<String, Integer> difference(Map<String, Integer> now, Map<String, Integer> base) {
        Map<String, Integer> grown = new TreeMap<>();
        now.forEach((name, count) -> {
            int delta = count - base.getOrDefault(name, 0);
            if (delta != 0) {
                grown.put(name, delta);
            }
        });
        base.forEach((name, count) -> {
            if (!now.containsKey(name)) {
                grown.put(name, -count);
            }
        });
        return grown;
    }

    private void record(String name, double value) {
        results.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
    }

    private void summary() {
        System.out.println();
        System.out.println("| measure | min | median | max | runs |");
        System.out.println("|---|---|---|---|---|");
        results.forEach((name, values) -> {
            List<Double> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            System.out.printf(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %d |%n",
                    name,
                    format(sorted.get(0)),
                    format(sorted.get((sorted.size() - 1) / 2)),
                    format(sorted.get(sorted.size() - 1)),
                    sorted.size());
        });
    }

    private static String format(double value) {
        return Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%,.0f", value)
                : String.format(Locale.ROOT, "%.2f", value);
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)));
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** The kernel's uptime in seconds, the clock the ticker's lines carry. */
    static double uptime() throws IOException {
        return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
    }

    /** The age of the oldest tick line in a push message (the one that waited longest), in ms; NaN if none. */
    static double tickAge(String message, double now) {
        Matcher tick = TICK.matcher(message);
        return tick.find() ? (now - Double.parseDouble(tick.group(1))) * 1000 : Double.NaN;
    }

    @FunctionalInterface
    private interface Opening {
        void open(UiClient client) throws Exception;
    }

    /** What the console holds at one moment: heap after full GCs, threads, sockets. */
    private record Snapshot(
            long heap, int threadCount, Map<String, Integer> threads, Map<String, Integer> sockets, long[] children) {
        static Snapshot of(PierProcess pier) throws IOException, InterruptedException {
            long heap = pier.heapAfterGc();
            return new Snapshot(heap, pier.threadCount(), pier.threads(), pier.sockets(), pier.descendants());
        }
    }

    /** Heartbeats every 4 minutes, as open tabs send them (Vaadin closes a UI that misses three). */
    private static final class Heartbeats implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        Heartbeats(List<UiClient> clients) {
            timer.scheduleAtFixedRate(
                    () -> clients.forEach(client -> {
                        try {
                            client.heartbeat();
                        } catch (Exception e) {
                            System.out.println("heartbeat failed: " + e);
                        }
                    }),
                    4,
                    4,
                    TimeUnit.MINUTES);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /** The REST API with a bearer token: deployments and the provider token's expiry. */
    static final class Api {
        private final HttpClient http = UiClient.httpClient();
        private final String base;
        private final String token;
        private final String provider;
        private final String account;

        Api(int port) throws IOException, InterruptedException {
            this.base = "http://localhost:" + port + "/api/v1/";
            this.token = call(
                            "auth/login",
                            "{\"username\":\"admin\",\"password\":\"" + PierProcess.ADMIN_PASSWORD + "\"}",
                            null)
                    .get("token")
                    .asText();
            this.provider = call("providers", null, token).get(0).get("address").asText();
            this.account = call("accounts", null, token).get(0).get("address").asText();
        }

        long deploy(String name, String manifest) throws IOException, InterruptedException {
            String body = JSON.writeValueAsString(Map.of("provider", provider, "name", name, "manifest", manifest));
            JsonNode created = call("deployments", body, token);
            JsonNode dseq = created.has("dseq") ? created.get("dseq") : created.findValue("dseq");
            return dseq.asLong();
        }

        Instant providerTokenExpiry() throws IOException, InterruptedException {
            JsonNode issued =
                    call("accounts/" + account + "/provider-token", "{\"provider\":\"" + provider + "\"}", token);
            return Instant.parse(issued.get("expiresAt").asText());
        }

        private JsonNode call(String path, String body, String bearer) throws IOException, InterruptedException {
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
            if (bearer != null) {
                request.header("Authorization", "Bearer " + bearer);
            }
            request = body == null
                    ? request.GET()
                    : request.POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return JSON.readTree(response.body());
        }
    }

    /** The probe session: a shell of its own to type in, and a Logs page it opens again and again. */
    static final class Probe {
        record Result(double echoP50, double echoP99, double firstLineMedian, double firstLineMax) {}

        /** Keystrokes as (sent at, epoch s; echo ms) and log lines as (arrived at, epoch s; age ms). */
        record Timeline(List<double[]> keys, List<double[]> lines) {}

        private final UiClient shell;
        private final UiClient logs;
        private final long dseq;
        private final ConcurrentLinkedQueue<String> pushed = new ConcurrentLinkedQueue<>();
        private final StringBuffer output = new StringBuffer();
        private final AtomicLong outputAt = new AtomicLong();

        Probe(int port, long dseq) throws Exception {
            this.dseq = dseq;
            HttpClient http = UiClient.httpClient();
            shell = new UiClient(http, port);
            shell.logIn("admin", PierProcess.ADMIN_PASSWORD);
            String uidl = shell.open("deployments/" + dseq + "/shell");
            shell.connectPush(message -> {}).get(30, TimeUnit.SECONDS);
            shell.connectTerminal(uidl, bytes -> {
                        synchronized (output) {
                            output.append(new String(bytes, StandardCharsets.UTF_8));
                            outputAt.set(System.nanoTime());
                            output.notifyAll();
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
            logs = new UiClient(http, port);
            logs.logIn("admin", PierProcess.ADMIN_PASSWORD);
            logs.open("deployments");
            logs.connectPush(pushed::add).get(30, TimeUnit.SECONDS);
            waitForOutput(s -> s.contains("#") || s.contains("$"), 60_000);
        }

        /** Echo of {@code keystrokes} typed 50 ms apart, then {@code opens} openings of the Logs page. */
        Result measure(int keystrokes, int opens) throws Exception {
            List<Double> echoes = new ArrayList<>();
            for (double[] key : type(keystrokes, 50)) {
                echoes.add(key[1]);
            }
            List<Double> firstLines = new ArrayList<>();
            for (int i = 0; i < opens; i++) {
                logs.navigate("deployments");
                Thread.sleep(300);
                pushed.clear();
                long sent = System.nanoTime();
                String answer = logs.navigate("deployments/" + dseq + "/logs");
                double first = answer.contains("tick ") ? (System.nanoTime() - sent) / 1e6 : Double.NaN;
                while (Double.isNaN(first) && System.nanoTime() - sent < TimeUnit.SECONDS.toNanos(30)) {
                    String message = pushed.poll();
                    if (message == null) {
                        Thread.sleep(1);
                    } else if (message.contains("tick ")) {
                        first = (System.nanoTime() - sent) / 1e6;
                    }
                }
                firstLines.add(first);
            }
            return new Result(
                    percentile(echoes, 0.5), percentile(echoes, 0.99), percentile(firstLines, 0.5), max(firstLines));
        }

        /** Types every {@code every} ms for {@code seconds} while the Logs page stays open and its lines are timed. */
        Timeline timeline(int seconds) throws Exception {
            logs.navigate("deployments/" + dseq + "/logs");
            pushed.clear();
            List<double[]> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try {
                    while (!Thread.currentThread().isInterrupted()) {
                        String message = pushed.poll();
                        if (message == null) {
                            Thread.sleep(1);
                            continue;
                        }
                        double age = tickAge(message, uptime());
                        if (!Double.isNaN(age)) {
                            lines.add(new double[] {System.currentTimeMillis() / 1000.0, age});
                        }
                    }
                } catch (InterruptedException | IOException e) {
                    Thread.currentThread().interrupt();
                }
            });
            reader.start();
            List<double[]> keys = type(seconds * 10, 100);
            reader.interrupt();
            reader.join();
            return new Timeline(keys, lines);
        }

        /**
         * Types comment lines ("#" then 20 letters, then Enter, as the browser benchmark does) so the shell runs
         * nothing; each letter's echo is timed from the frame sent to the output that shows it.
         */
        private List<double[]> type(int count, long everyMillis) throws Exception {
            List<double[]> keys = new ArrayList<>();
            String alphabet = "abcdefghijklmnopqrstuvwxyz";
            int sent = 0;
            while (keys.size() < count) {
                send("#");
                Thread.sleep(everyMillis);
                for (int i = 0; i < 20 && keys.size() < count; i++) {
                    String letter = String.valueOf(alphabet.charAt(sent++ % alphabet.length()));
                    int from;
                    synchronized (output) {
                        from = output.length();
                    }
                    double at = System.currentTimeMillis() / 1000.0;
                    long t0 = System.nanoTime();
                    send(letter);
                    long seen = waitForOutput(from, letter, 10_000);
                    keys.add(new double[] {at, seen < 0 ? Double.NaN : (seen - t0) / 1e6});
                    Thread.sleep(everyMillis);
                }
                send("\r");
                Thread.sleep(everyMillis);
            }
            return keys;
        }

        private void send(String text) throws Exception {
            shell.type(text);
        }

        private long waitForOutput(int from, String expected, long timeoutMillis) throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            synchronized (output) {
                while (output.indexOf(expected, from) < 0) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        return -1;
                    }
                    output.wait(left);
                }
                return outputAt.get();
            }
        }

        private void waitForOutput(java.util.function.Predicate<String> done, long timeoutMillis)
                throws InterruptedException {
            long deadline = System.currentTimeMillis() + timeoutMillis;
            synchronized (output) {
                while (!done.test(output.toString())) {
                    long left = deadline - System.currentTimeMillis();
                    if (left <= 0) {
                        throw new IllegalStateException("no shell prompt; the terminal shows: " + output);
                    }
                    output.wait(left);
                }
            }
        }
    }
}
