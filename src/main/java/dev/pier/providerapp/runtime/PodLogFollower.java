package dev.pier.providerapp.runtime;

import dev.pier.shared.LogLine;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.Loggable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows one pod's log into the lease's seq-numbered ring, so {@code after=} resumes on a cluster exactly as on
 * podman. A follow that ends while the follower still runs (the API server dropped it, a known trap of fabric8's
 * LogWatch) is opened again from the last line's timestamp; lines at that instant already taken are skipped, so nothing
 * is lost and nothing is repeated.
 */
final class PodLogFollower implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(PodLogFollower.class);
    private static final long MAX_PAUSE_MILLIS = 30_000;

    private final KubernetesClient client;
    private final String namespace;
    private final String pod;
    private final String service;
    private final int replica;
    private final RingLog<LogLine> ring;
    private final Duration reopenAfter;

    private volatile boolean running = true;
    private volatile @Nullable LogWatch current;
    private @Nullable Instant lastTs;
    /**
     * The lines already taken at {@link #lastTs}, counted: a reopened follow starts at that instant and repeats them.
     */
    private final Map<String, Integer> takenAtLastTs = new HashMap<>();
    /** Of those, the ones the current follow has not repeated yet. */
    private final Map<String, Integer> toSkip = new HashMap<>();

    PodLogFollower(
            KubernetesClient client,
            String namespace,
            String pod,
            String service,
            int replica,
            RingLog<LogLine> ring,
            Duration reopenAfter) {
        this.client = client;
        this.namespace = namespace;
        this.pod = pod;
        this.service = service;
        this.replica = replica;
        this.ring = ring;
        this.reopenAfter = reopenAfter;
    }

    @Override
    public void run() {
        long pause = reopenAfter.toMillis();
        while (running) {
            try {
                followOnce();
                pause = reopenAfter.toMillis();
            } catch (KubernetesClientException | IOException e) {
                if (!running) {
                    return;
                }
                log.debug("The log follow of pod {}/{} ended: {}", namespace, pod, e.toString());
                // A refused follow (pod gone, API server down) is retried ever less often, up to every 30 s.
                pause = Math.min(Math.max(pause, 1) * 2, MAX_PAUSE_MILLIS);
            }
            if (!running) {
                return;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Reads one follow to its end; returns normally when the server ended it. */
    void followOnce() throws IOException {
        toSkip.clear();
        toSkip.putAll(takenAtLastTs);
        var stamped = client.pods()
                .inNamespace(namespace)
                .withName(pod)
                .inContainer(service)
                .usingTimestamps();
        Loggable request = lastTs == null ? stamped : stamped.sinceTime(lastTs.toString());
        try (LogWatch watch = request.watchLog()) {
            current = watch;
            BufferedReader lines = new BufferedReader(new InputStreamReader(watch.getOutput(), StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                take(line);
            }
        } finally {
            current = null;
        }
    }

    /** One line as the API server sends it with timestamps: {@code 2026-12-02T10:00:00.123456789Z message}. */
    void take(String line) {
        int space = line.indexOf(' ');
        Instant ts;
        String message;
        try {
            ts = Instant.parse(space < 0 ? line : line.substring(0, space));
            message = space < 0 ? "" : line.substring(space + 1);
        } catch (DateTimeParseException notStamped) {
            ts = lastTs == null ? Instant.now() : lastTs;
            message = line;
        }
        if (lastTs != null && ts.isBefore(lastTs)) {
            return;
        }
        if (lastTs != null && ts.equals(lastTs)) {
            Integer skip = toSkip.get(message);
            if (skip != null && skip > 0) {
                toSkip.put(message, skip - 1);
                return;
            }
        } else {
            lastTs = ts;
            takenAtLastTs.clear();
            toSkip.clear();
        }
        takenAtLastTs.merge(message, 1, Integer::sum);
        Instant at = ts;
        String text = message;
        ring.append(seq -> new LogLine(seq, at, service, replica, "stdout", text));
    }

    /** Stops following; the lines taken stay in the ring. */
    void stop() {
        running = false;
        LogWatch watch = current;
        if (watch != null) {
            watch.close();
        }
    }
}
