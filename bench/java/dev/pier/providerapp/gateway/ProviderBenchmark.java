package dev.pier.providerapp.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.base.ShellSession;
import dev.pier.bench.BenchConsole;
import dev.pier.credentials.ProviderCredentials;
import dev.pier.provider.ProviderSummary;
import dev.pier.provider.client.LeaseRef;
import dev.pier.provider.client.LeaseStream;
import dev.pier.provider.client.ProviderClient;
import dev.pier.provider.client.RotatingShellSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Provider-side figures for docs/benchmarks.md: log lines/s over the logs WebSocket on loopback while a service floods
 * stdout, and the shell's keystroke-to-echo round trip at the provider. Run by bench/provider.sh; it starts the whole
 * system (console + embedded provider) in this JVM and talks to the provider over the network.
 */
public final class ProviderBenchmark {

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        BenchConsole bench = BenchConsole.start("bench");
        ConfigurableApplicationContext console = bench.context;
        try {
            long userId = bench.adminId;
            long accountId = bench.accountId;
            ProviderSummary provider = bench.provider;
            String token = console.getBean(ProviderCredentials.class)
                    .ensureToken(accountId, provider.address())
                    .value();
            HttpClient http = HttpClient.newHttpClient();
            String base = provider.hostUri();
            JsonStatus.print(http, base);
            startToFirstLine(http, base, token, 10);
            send(http, "POST", base + "/lease/1/1/1", token, null);
            send(http, "PUT", base + "/deployment/1/manifest", token, """
                    version: "1"
                    services:
                      flood:
                        command: ["sh", "-c", "yes 'log line with some typical payload text 0123456789 abcdefghij'"]
                      idle:
                        command: ["sh", "-c", "sleep 100000"]
                    """);
            Thread.sleep(2000);
            logThroughput(http, base.replaceFirst("^http", "ws"), token, seconds);
            shellEcho(http, base.replaceFirst("^http", "ws"), token, 200);
            ProviderClient client = console.getBean(ProviderClient.class);
            LeaseRef lease = new LeaseRef(provider.address(), 1, 1, 1);
            clientLogThroughput(client, accountId, lease, seconds);
            clientShellEcho(client, accountId, lease, 200);
            send(http, "DELETE", base + "/lease/1/1/1", token, null);
        } finally {
            console.close();
        }
    }

    /** What runs the workloads, so that every figure below names it. */
    private static final class JsonStatus {
        static void print(HttpClient http, String base) throws Exception {
            String body = http.send(
                            HttpRequest.newBuilder(URI.create(base + "/status")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            var status = new ObjectMapper().readTree(body);
            System.out.printf(
                    "provider: isolation %s, engine %s %s %s%n",
                    status.path("isolation").asText(),
                    status.at("/engine/name").asText(),
                    status.at("/engine/version").asText(),
                    status.at("/engine/runtime").asText());
        }
    }

    /** From the manifest's PUT to the first log line over the logs WebSocket, for a fresh lease each time. */
    private static void startToFirstLine(HttpClient http, String base, String token, int runs) throws Exception {
        String ws = base.replaceFirst("^http", "ws");
        List<Double> millis = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            long dseq = 100 + run;
            send(http, "POST", base + "/lease/" + dseq + "/1/1", token, null);
            CountDownLatch first = new CountDownLatch(1);
            WebSocket socket = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(
                            URI.create(ws + "/lease/" + dseq + "/1/1/logs?follow=true&tail=0"),
                            new WebSocket.Listener() {
                                @Override
                                public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                    if (data.toString().contains("first-line")) {
                                        first.countDown();
                                    }
                                    w.request(1);
                                    return null;
                                }
                            })
                    .join();
            long start = System.nanoTime();
            send(
                    http,
                    "PUT",
                    base + "/deployment/" + dseq + "/manifest",
                    token,
                    "version: \"1\"\nservices:\n  app:\n    command: [\"sh\", \"-c\", \"echo first-line; sleep "
                            + "1000\"]\n");
            if (!first.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no first line within 60 s");
            }
            millis.add((System.nanoTime() - start) / 1e6);
            socket.abort();
            send(http, "DELETE", base + "/lease/" + dseq + "/1/1", token, null);
        }
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(
                "start to first log line: p50 %.0f ms, min %.0f ms, max %.0f ms over %d fresh leases%n",
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), runs);
    }

    private static void logThroughput(HttpClient http, String ws, String token, int seconds) throws Exception {
        AtomicLong lines = new AtomicLong();
        AtomicLong lastSeq = new AtomicLong();
        WebSocket socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(
                        URI.create(ws + "/lease/1/1/1/logs?follow=true&tail=0&service=flood"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                                if (last) {
                                    lines.incrementAndGet();
                                    String text = data.toString();
                                    int at = text.indexOf("\"seq\":");
                                    if (at >= 0) {
                                        lastSeq.set(Long.parseLong(text.substring(at + 6, text.indexOf(',', at))));
                                    }
                                }
                                w.request(1);
                                return null;
                            }
                        })
                .join();
        Thread.sleep(1000);
        long startLines = lines.get();
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long received = lines.get() - startLines;
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        System.out.printf(
                "logs: %d lines in %.1f s = %.0f lines/s over the logs WebSocket (last seq %d)%n",
                received, elapsed, received / elapsed, lastSeq.get());
    }

    private static void shellEcho(HttpClient http, String ws, String token, int keystrokes) throws Exception {
        LinkedBlockingQueue<String> output = new LinkedBlockingQueue<>();
        WebSocket socket = http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(
                        URI.create(ws + "/lease/1/1/1/shell?service=idle&tty=true&stdin=true&session=bench"),
                        new WebSocket.Listener() {
                            @Override
                            public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                                byte[] bytes = new byte[data.remaining()];
                                data.get(bytes);
                                if (bytes.length > 1 && bytes[0] == 100) {
                                    output.add(new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8));
                                }
                                w.request(1);
                                return null;
                            }
                        })
                .join();
        // A raw-mode reader that echoes each byte at once, like an editor would.
        socket.sendBinary(frame("stty raw -echo; cat\n"), true).join();
        Thread.sleep(1500);
        output.clear();
        report(
                "shell echo at the provider",
                measureEcho(c -> socket.sendBinary(frame(c), true).join(), output, keystrokes));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
    }

    private static void clientLogThroughput(ProviderClient client, long accountId, LeaseRef lease, int seconds)
            throws Exception {
        AtomicLong lines = new AtomicLong();
        LeaseStream<?> stream = client.logs(
                accountId, lease, new LeaseStream.Request(true, 0, "flood"), line -> lines.incrementAndGet(), s -> {});
        Thread.sleep(1000);
        long start = System.nanoTime();
        long startLines = lines.get();
        Thread.sleep(seconds * 1000L);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long received = lines.get() - startLines;
        stream.close();
        System.out.printf(
                "logs through ProviderClient: %d lines in %.1f s = %.0f lines/s%n",
                received, elapsed, received / elapsed);
    }

    private static void clientShellEcho(ProviderClient client, long accountId, LeaseRef lease, int keystrokes)
            throws Exception {
        LinkedBlockingQueue<String> output = new LinkedBlockingQueue<>();
        RotatingShellSession shell = client.shell(
                accountId,
                lease,
                "idle",
                0,
                "bench-client",
                null,
                new ShellSession.Output() {
                    @Override
                    public void onOutput(byte[] bytes) {
                        output.add(new String(bytes, StandardCharsets.UTF_8));
                    }

                    @Override
                    public void onExit(int exitCode) {}
                },
                s -> {});
        shell.send("stty raw -echo; cat\n");
        Thread.sleep(1500);
        output.clear();
        report(
                "shell echo console -> provider -> PTY -> console (RotatingShellSession)",
                measureEcho(shell::send, output, keystrokes));
        shell.close();
    }

    /** Types one character at a time and waits for its echo; returns the round trips in microseconds, sorted. */
    private static List<Double> measureEcho(Consumer<String> type, LinkedBlockingQueue<String> output, int keystrokes)
            throws InterruptedException {
        List<Double> micros = new ArrayList<>();
        for (int i = 0; i < keystrokes; i++) {
            char c = (char) ('a' + i % 26);
            long sent = System.nanoTime();
            type.accept(String.valueOf(c));
            while (true) {
                String got = output.poll(5, TimeUnit.SECONDS);
                if (got == null) {
                    throw new IllegalStateException("no echo for keystroke " + i);
                }
                if (got.indexOf(c) >= 0) {
                    break;
                }
            }
            micros.add((System.nanoTime() - sent) / 1000.0);
        }
        Collections.sort(micros);
        return micros;
    }

    private static void report(String what, List<Double> micros) {
        System.out.printf(
                "%s: p50 %.2f ms, p99 %.2f ms over %d keystrokes%n",
                what,
                micros.get(micros.size() / 2) / 1000,
                micros.get((int) (micros.size() * 0.99)) / 1000,
                micros.size());
    }

    private static ByteBuffer frame(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(bytes.length + 1).put((byte) 104).put(bytes).flip();
    }

    private static void send(HttpClient http, String method, String url, String token, String body) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(url))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(
                    method + " " + url + " -> " + response.statusCode() + " " + response.body());
        }
    }

    private ProviderBenchmark() {}
}
