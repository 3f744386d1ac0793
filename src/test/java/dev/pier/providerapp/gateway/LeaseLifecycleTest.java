package dev.pier.providerapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.account.AccountSummary;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.TestImages;
import java.io.IOException;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Leases end to end on the embedded provider: real processes, logs over WebSocket, manifests, closing. */
class LeaseLifecycleTest extends GatewayTest {

    static final String TICKER = """
            version: "1"
            services:
              ticker:
                command: ["sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.02; done"]
            """;

    @Autowired
    ObjectMapper json;

    private List<JsonNode> read(ProviderTestSupport.Recorder recorder, int count) throws Exception {
        List<JsonNode> frames = new ArrayList<>();
        while (frames.size() < count) {
            String text = recorder.nextText(10);
            assertThat(text).as("frame %d of %d", frames.size() + 1, count).isNotNull();
            frames.add(json.readTree(text));
        }
        return frames;
    }

    @Test
    void a_manifest_runs_and_its_logs_resume_after_a_seq_without_gap_or_duplicate() throws Exception {
        AccountSummary account = provider.newAccount("lease");
        String token = provider.token(account);
        String lease = provider.deploy(token, 101, TICKER);
        JsonNode status = provider.awaitReady(token, lease, "ticker", 1);
        assertThat(status.at("/services/ticker/total").asInt()).isEqualTo(1);

        ProviderTestSupport.Recorder first = new ProviderTestSupport.Recorder();
        WebSocket ws = provider.connect(lease + "/logs?follow=true&service=ticker", token, first);
        List<JsonNode> seen = read(first, 40);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        long last = seen.get(seen.size() - 1).get("seq").asLong();
        assertThat(seen.get(0).get("service").asText()).isEqualTo("ticker");
        assertThat(seen.get(0).get("stream").asText()).isEqualTo("stdout");
        assertThat(seen.get(0).get("message").asText()).startsWith("tick ");

        ProviderTestSupport.Recorder resumed = new ProviderTestSupport.Recorder();
        provider.connect(lease + "/logs?follow=true&after=" + last, token, resumed);
        List<JsonNode> next = read(resumed, 40);

        List<Long> seqs = new ArrayList<>();
        seen.forEach(f -> seqs.add(f.get("seq").asLong()));
        next.forEach(f -> seqs.add(f.get("seq").asLong()));
        assertThat(next.get(0).get("seq").asLong()).isEqualTo(last + 1);
        for (int i = 1; i < seqs.size(); i++) {
            assertThat(seqs.get(i)).as("contiguous at %d", i).isEqualTo(seqs.get(i - 1) + 1);
        }
        assertThat(Set.copyOf(seqs)).hasSize(seqs.size());

        // Without follow, the stream ends after what is there.
        ProviderTestSupport.Recorder tail = new ProviderTestSupport.Recorder();
        provider.connect(lease + "/logs?tail=5", token, tail);
        assertThat(tail.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(tail.texts).hasSize(5);
    }

    @Test
    void an_idle_followed_stream_holds_no_thread() throws Exception {
        String token = provider.token(provider.newAccount("idle"));
        String lease = provider.deploy(token, 105, """
                version: "1"
                services:
                  quiet:
                    command: ["sh", "-c", "echo once; sleep 100000"]
                """);
        provider.awaitReady(token, lease, "quiet", 1);
        List<ProviderTestSupport.Recorder> streams = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ProviderTestSupport.Recorder recorder = new ProviderTestSupport.Recorder();
            sockets.add(provider.connect(lease + "/logs?follow=true", token, recorder));
            streams.add(recorder);
        }
        for (ProviderTestSupport.Recorder stream : streams) {
            assertThat(json.readTree(stream.nextText(10)).get("message").asText())
                    .isEqualTo("once");
        }
        // Twenty open, followed, idle streams: no thread of the provider waits in any of them.
        long waiting = Long.MAX_VALUE;
        for (int i = 0; i < 100 && waiting > 0; i++) {
            TimeUnit.MILLISECONDS.sleep(20);
            waiting = Thread.getAllStackTraces().values().stream()
                    .filter(frames -> Stream.of(frames)
                            .anyMatch(f -> f.getClassName().startsWith(SequencedStreamHandler.class.getName())))
                    .count();
        }
        assertThat(waiting).isZero();
        sockets.forEach(ws -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").join());
        ProviderTestSupport.expect(provider.send("DELETE", lease, token, null), 200);
    }

    @Test
    void without_follow_the_stream_is_a_snapshot_even_while_the_workload_keeps_writing() throws Exception {
        String token = provider.token(provider.newAccount("snapshot"));
        String lease = provider.deploy(token, 110, """
                version: "1"
                services:
                  flood:
                    command: ["sh", "-c", "i=0; while true; do echo line $i; i=$((i+1)); done"]
                """);
        try {
            provider.awaitReady(token, lease, "flood", 1);
            for (int round = 0; round < 5; round++) {
                ProviderTestSupport.Recorder tail = new ProviderTestSupport.Recorder();
                provider.connect(lease + "/logs?tail=5", token, tail);
                assertThat(tail.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
                assertThat(tail.texts).as("round %d", round).hasSize(5);
            }
        } finally {
            ProviderTestSupport.expect(provider.send("DELETE", "/lease/110/1/1", token, null), 200);
        }
    }

    @Test
    void events_report_the_lifecycle_and_exit_codes() throws Exception {
        String token = provider.token(provider.newAccount("events"));
        String lease = provider.deploy(token, 102, """
                version: "1"
                services:
                  crasher:
                    command: ["sh", "-c", "echo up; sleep 0.2; exit 3"]
                """);
        ProviderTestSupport.Recorder events = new ProviderTestSupport.Recorder();
        provider.connect(lease + "/kubeevents?follow=true", token, events);
        List<String> types = new ArrayList<>();
        JsonNode exited = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && (exited == null || !types.contains("restarted"))) {
            String text = events.nextText(1);
            if (text != null) {
                JsonNode event = json.readTree(text);
                types.add(event.get("type").asText());
                if ("exited".equals(event.get("type").asText())) {
                    exited = event;
                }
            }
        }
        assertThat(types).contains("scheduled", "started", "exited", "restarted");
        assertThat(exited.get("exitCode").asInt()).isEqualTo(3);
    }

    @Test
    void closing_a_lease_leaves_no_process_behind() throws Exception {
        AccountSummary account = provider.newAccount("close");
        String token = provider.token(account);
        String lease = provider.deploy(token, 104, """
                version: "1"
                services:
                  a:
                    command: ["sh", "-c", "sleep 300 & sleep 300 & wait"]
                    count: 2
                """);
        provider.awaitReady(token, lease, "a", 2);
        String marker = account.address() + "/104.1.1";
        for (int i = 0; i < 100 && leaseProcesses(marker).size() < 6; i++) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        Set<Long> pids = leaseProcesses(marker);
        assertThat(pids).as("two replicas of sh and two sleeps each").hasSizeGreaterThanOrEqualTo(6);
        assertThat(pids).isNotEmpty();
        ProviderTestSupport.Recorder following = new ProviderTestSupport.Recorder();
        provider.connect(lease + "/logs?follow=true", token, following);
        ProviderTestSupport.Recorder events = new ProviderTestSupport.Recorder();
        provider.connect(lease + "/kubeevents?follow=true", token, events);

        ProviderTestSupport.expect(provider.send("DELETE", "/lease/104/1/1", token, null), 200);
        // Its open streams end at once and say why, so no client waits on a lease that is gone.
        assertThat(following.closed.get(10, TimeUnit.SECONDS)).isEqualTo(StreamGuard.LEASE_CLOSED);
        assertThat(events.closed.get(10, TimeUnit.SECONDS)).isEqualTo(StreamGuard.LEASE_CLOSED);

        assertThat(pids.stream().filter(LeaseLifecycleTest::running).toList()).isEmpty();
        assertThat(leaseProcesses(marker).stream()
                        .filter(LeaseLifecycleTest::running)
                        .toList())
                .isEmpty();
        assertThat(provider.send("GET", lease + "/status", token, null).statusCode())
                .isEqualTo(404);
    }

    /** Alive and not a zombie: an exited sandbox may linger as a zombie until this container's init reaps it. */
    private static boolean running(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * Processes of the lease and their descendants: plain processes name its work directory on their command line; a
     * container's processes sit in cgroups named after the lease (a hash of the same path).
     */
    private static Set<Long> leaseProcesses(String marker) {
        String key = HexFormat.of().formatHex(sha256(marker), 0, 6);
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false) || inCgroupOf(p, key))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
    }

    private static boolean inCgroupOf(ProcessHandle process, String key) {
        try {
            return Files.readString(Path.of("/proc/" + process.pid() + "/cgroup"))
                    .contains(key);
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void an_expiring_token_ends_the_stream_with_the_expiry_frame_and_1008() throws Exception {
        AccountSummary account = provider.newAccount("expiry");
        String token = provider.token(account);
        String lease = provider.deploy(token, 105, TICKER);
        // Ticking before the 2 s start: a container that is slow to start under load must not eat the token's life.
        provider.awaitReady(token, lease, "ticker", 1);
        String shortLived = provider.token(
                account, b -> b.expirationTime(Date.from(Instant.now().plusSeconds(2))));

        ProviderTestSupport.Recorder recorder = new ProviderTestSupport.Recorder();
        provider.connect(lease + "/logs?follow=true", shortLived, recorder);
        int code = recorder.closed.get(15, TimeUnit.SECONDS);
        assertThat(code).isEqualTo(1008);
        assertThat(recorder.texts).contains(StreamGuard.EXPIRED_FRAME);
        assertThat(recorder.texts.stream().filter(t -> t.contains("tick")).count())
                .isPositive();
    }

    @Test
    void status_names_the_provider_and_its_isolation() throws Exception {
        JsonNode status = provider.json(provider.send("GET", "/status", null, null));
        assertThat(status.get("address").asText())
                .isEqualTo(provider.provider().address())
                .startsWith("akash1");
        assertThat(status.get("isolation").asText()).isIn("container", "none");
        if (TestImages.containersAvailable()) {
            assertThat(status.get("isolation").asText()).isEqualTo("container");
            assertThat(status.at("/engine/name").asText()).isEqualTo("podman");
            assertThat(status.at("/engine/runtime").asText()).isEqualTo("runc");
        }
        assertThat(provider.json(provider.send("GET", "/version", null, null))
                        .get("address")
                        .asText())
                .isEqualTo(provider.provider().address());
    }
}
