package dev.pier.deployment;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.base.StreamStatus;
import dev.pier.base.StreamSubscription;
import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LogLine;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Service;

/**
 * A closed lease's log and events. Just before a lease is closed they are read from its provider (which removes
 * everything of the lease at close) and kept, compressed, for {@code pier.logs.retention-after-close}: a closed
 * deployment's Logs and Events stay readable and downloadable. At most {@link #MAX_BYTES} of each are kept, the newest.
 */
@Service
public class LeaseArchive implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LeaseArchive.class);

    /** Raw JSON kept per kind and lease; older entries beyond it are dropped (the archive then says so). */
    static final int MAX_BYTES = 16 << 20;

    /** What the archive holds of one kind, and whether it is all the provider had. */
    public record Archived<T>(List<T> entries, boolean complete) {}

    private final LogExport export;
    private final JdbcTemplate jdbc;
    private final SecretStore secrets;
    private final ObjectMapper json;
    private final Clock clock;
    private final LogViewProperties settings;
    private final ThreadPoolTaskScheduler purger = new ThreadPoolTaskScheduler();

    LeaseArchive(
            LogExport export,
            JdbcTemplate jdbc,
            ObjectMapper json,
            Clock clock,
            LogViewProperties settings,
            SecretStore secrets) {
        this.secrets = secrets;
        this.export = export;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
        purger.setPoolSize(1);
        purger.setThreadNamePrefix("lease-archive-retention-");
        purger.initialize();
        purger.scheduleWithFixedDelay(this::purgeQuietly, Duration.ofHours(1));
    }

    /**
     * Reads the lease's whole log and events from its provider and keeps them. Never fails the close it precedes: what
     * could not be read is kept as far as it got and marked incomplete, and a failure is logged.
     */
    void archive(DeploymentSummary deployment) {
        try {
            Collected logs = new Collected();
            boolean logsComplete = export.readLogs(deployment, null, line -> logs.add(json.writeValueAsString(line)))
                    .isEmpty();
            store(deployment.id(), "logs", logs, logsComplete);
            Collected events = new Collected();
            boolean eventsComplete = export.readEvents(
                            deployment, null, event -> events.add(json.writeValueAsString(event)))
                    .isEmpty();
            store(deployment.id(), "events", events, eventsComplete);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not keep the log of deployment {} before closing it", deployment.dseq(), e);
        }
    }

    /** The last {@code tail} archived log lines of {@code services} (null or empty: all), if the archive is kept. */
    public Optional<Archived<LogLine>> logs(DeploymentSummary deployment, @Nullable Set<String> services, int tail) {
        return read(deployment, "logs", LogLine.class, l -> matches(services, l.service()), tail);
    }

    /** The last {@code tail} archived events of {@code services} (null or empty: all), if the archive is kept. */
    public Optional<Archived<LeaseEvent>> events(
            DeploymentSummary deployment, @Nullable Set<String> services, int tail) {
        return read(deployment, "events", LeaseEvent.class, e -> matches(services, e.service()), tail);
    }

    /**
     * Shows the last {@link LeaseAccess#TAIL} kept log lines of {@code services} (a comma list, null for all), off the
     * caller's thread, then the ARCHIVED status saying what was shown; nothing follows.
     */
    public StreamSubscription replayLogs(
            DeploymentSummary deployment,
            @Nullable String services,
            Consumer<LogLine> onLine,
            Consumer<StreamStatus> onStatus) {
        return replay(
                () -> logs(deployment, split(services), LeaseAccess.TAIL),
                "log lines",
                secrets.hiding(deployment, onLine, SecretMask::line),
                onStatus);
    }

    /** As {@link #replayLogs}, for the kept events. */
    public StreamSubscription replayEvents(
            DeploymentSummary deployment,
            @Nullable String services,
            Consumer<LeaseEvent> onEvent,
            Consumer<StreamStatus> onStatus) {
        return replay(
                () -> events(deployment, split(services), LeaseAccess.TAIL),
                "events",
                secrets.hiding(deployment, onEvent, SecretMask::event),
                onStatus);
    }

    private static @Nullable Set<String> split(@Nullable String services) {
        return services == null ? null : Set.of(services.split(","));
    }

    private <T> StreamSubscription replay(
            Supplier<Optional<Archived<T>>> read, String what, Consumer<T> each, Consumer<StreamStatus> onStatus) {
        AtomicBoolean removed = new AtomicBoolean();
        AtomicReference<StreamStatus> last = new AtomicReference<>(
                new StreamStatus(StreamStatus.State.CONNECTING, "Reading the archive.", clock.instant()));
        CompletableFuture.runAsync(() -> {
            StreamStatus done;
            try {
                Optional<Archived<T>> kept = read.get();
                if (kept.isEmpty()) {
                    done = archived("Closed: its " + what + " are no longer kept.");
                } else {
                    for (T entry : kept.get().entries()) {
                        if (removed.get()) {
                            return;
                        }
                        each.accept(entry);
                    }
                    int shown = kept.get().entries().size();
                    done = archived("Closed: "
                            + (shown == 0
                                    ? "no " + what + " were kept"
                                    : "the last " + shown + " " + what + " as kept at close")
                            + (kept.get().complete() ? "." : "; some could not be kept."));
                }
            } catch (RuntimeException e) {
                log.warn("Could not read an archived stream", e);
                done = archived("Closed: its " + what + " could not be read; try again in a moment.");
            }
            last.set(done);
            if (!removed.get()) {
                onStatus.accept(done);
            }
        });
        return new StreamSubscription() {
            @Override
            public StreamStatus status() {
                return last.get();
            }

            @Override
            public Optional<Duration> stalledFor() {
                return Optional.empty();
            }

            @Override
            public void remove() {
                removed.set(true);
            }
        };
    }

    private StreamStatus archived(String reason) {
        return new StreamStatus(StreamStatus.State.ARCHIVED, reason, clock.instant());
    }

    /** Until when a closed deployment's log and events are kept. */
    public Optional<Instant> keptUntil(DeploymentSummary deployment) {
        return Optional.ofNullable(deployment.closedAt()).map(at -> at.plus(settings.retentionAfterClose()));
    }

    /**
     * The kept log lines of {@code services} (a comma list, null for all) into {@code sink}, as a live download reads
     * them; a note for the end of the text when the log is no longer kept or some of it could not be.
     */
    Optional<String> readLogs(
            DeploymentSummary deployment, @Nullable String services, LogExport.EntrySink<LogLine> sink)
            throws IOException {
        return readKept(deployment, "log is", logs(deployment, split(services), Integer.MAX_VALUE), sink);
    }

    /** As {@link #readLogs}, for the kept events. */
    Optional<String> readEvents(
            DeploymentSummary deployment, @Nullable String services, LogExport.EntrySink<LeaseEvent> sink)
            throws IOException {
        return readKept(deployment, "events are", events(deployment, split(services), Integer.MAX_VALUE), sink);
    }

    private <T> Optional<String> readKept(
            DeploymentSummary deployment, String what, Optional<Archived<T>> kept, LogExport.EntrySink<T> sink)
            throws IOException {
        if (kept.isEmpty()) {
            return Optional.of("deployment " + deployment.dseq() + " is closed and its " + what + " no longer kept"
                    + keptUntil(deployment)
                            .map(at -> " (kept until " + at + ")")
                            .orElse(""));
        }
        for (T entry : kept.get().entries()) {
            sink.accept(entry);
        }
        return kept.get().complete()
                ? Optional.empty()
                : Optional.of("some entries could not be kept when the deployment was closed");
    }

    /** Deletes archives of deployments closed longer ago than the retention; returns how many. */
    public int purge() {
        Instant before = clock.instant().minus(settings.retentionAfterClose());
        return jdbc.update(
                "DELETE FROM lease_archives WHERE deployment_id IN "
                        + "(SELECT id FROM deployments WHERE state = 'CLOSED' AND closed_at < ?)",
                Timestamp.from(before));
    }

    private void purgeQuietly() {
        try {
            int deleted = purge();
            if (deleted > 0) {
                log.info(
                        "Deleted {} archived logs of deployments closed over {} ago",
                        deleted,
                        settings.retentionAfterClose());
            }
        } catch (RuntimeException e) {
            log.warn("Could not delete old archived logs; trying again in an hour", e);
        }
    }

    private static boolean matches(@Nullable Set<String> services, String service) {
        return services == null || services.isEmpty() || services.contains(service);
    }

    private <T> Optional<Archived<T>> read(
            DeploymentSummary deployment, String kind, Class<T> type, Predicate<T> wanted, int tail) {
        if (keptUntil(deployment)
                .filter(until -> until.isBefore(clock.instant()))
                .isPresent()) {
            return Optional.empty();
        }
        List<Archived<T>> found = jdbc.query(
                "SELECT entries, complete FROM lease_archives" + " WHERE deployment_id = ? AND kind = ?",
                (row, n) -> {
                    Deque<T> last = new ArrayDeque<>();
                    forEachEntry(row.getBytes("entries"), text -> {
                        T entry = parse(text, type);
                        if (wanted.test(entry)) {
                            last.addLast(entry);
                            if (last.size() > tail) {
                                last.removeFirst();
                            }
                        }
                    });
                    return new Archived<>(List.copyOf(last), row.getBoolean("complete"));
                },
                deployment.id(),
                kind);
        return found.stream().findFirst();
    }

    private <T> T parse(String text, Class<T> type) {
        try {
            return json.readValue(text, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void forEachEntry(byte[] gzipped, Consumer<String> each) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(new ByteArrayInputStream(gzipped)), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                each.accept(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void store(long deploymentId, String kind, Collected collected, boolean complete) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            for (String entry : collected.entries) {
                gzip.write(entry.getBytes(StandardCharsets.UTF_8));
                gzip.write('\n');
            }
        }
        jdbc.update("DELETE FROM lease_archives WHERE deployment_id = ? AND kind = ?", deploymentId, kind);
        jdbc.update(
                "INSERT INTO lease_archives (deployment_id, kind, entries, entry_count, complete, archived_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)",
                deploymentId,
                kind,
                bytes.toByteArray(),
                collected.entries.size(),
                complete && !collected.dropped,
                Timestamp.from(clock.instant()));
    }

    /** The newest entries within {@link #MAX_BYTES}. */
    private static final class Collected {
        final Deque<String> entries = new ArrayDeque<>();
        long bytes;
        boolean dropped;

        void add(String entry) {
            entries.addLast(entry);
            bytes += entry.length();
            while (bytes > MAX_BYTES && entries.size() > 1) {
                bytes -= entries.removeFirst().length();
                dropped = true;
            }
        }
    }

    @Override
    public void destroy() {
        purger.shutdown();
    }
}
