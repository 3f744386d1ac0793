package dev.pier.deployment;

import dev.pier.base.StreamStatus;
import dev.pier.base.StreamSubscription;
import dev.pier.provider.client.LeaseRef;
import dev.pier.provider.client.LeaseStream;
import dev.pier.provider.client.ProviderClient;
import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LogLine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Service;

/**
 * A deployment's full log as a download, read from its provider as it is written out; once the deployment is closed,
 * from the archive kept at close.
 */
@Service
public class LogExport {

    private static final Object END = new Object();

    /** Takes one entry of a stream read to its end; may write it out. */
    interface EntrySink<T> {
        void accept(T entry) throws IOException;
    }

    private final ProviderClient client;
    private final SecretStore secrets;
    private final LeaseArchive archive;

    LogExport(ProviderClient client, @Lazy LeaseArchive archive, SecretStore secrets) {
        this.secrets = secrets;
        this.client = client;
        this.archive = archive;
    }

    /**
     * Writes the full log of the deployment as text lines (see {@link LogFormat#plain}), as it is read, reporting the
     * count every 1,000 lines and at the end; returns the lines written. A log that ended early ends with a line saying
     * why. Runs on the caller's thread (a request's), bounded: a slow reader makes the stream wait rather than holding
     * the whole log in memory. A closed deployment's log comes from what was kept at close.
     */
    public long writeLog(
            DeploymentSummary deployment, @Nullable String services, OutputStream out, LongConsumer progress)
            throws IOException {
        Reader<LogLine> reader = deployment.active()
                ? sink -> readLogs(deployment, services, sink).map(why -> "the log ended early: " + why)
                : sink -> archive.readLogs(deployment, services, sink);
        SecretMask mask = secrets.mask(deployment.id());
        return writeAll(reader, line -> LogFormat.plain(mask.line(line)), out, progress);
    }

    /** As {@link #writeLog}, for the lease's lifecycle events (see {@link LogFormat#plain(LeaseEvent)}). */
    public long writeEvents(
            DeploymentSummary deployment, @Nullable String services, OutputStream out, LongConsumer progress)
            throws IOException {
        Reader<LeaseEvent> reader = deployment.active()
                ? sink -> readEvents(deployment, services, sink).map(why -> "the events ended early: " + why)
                : sink -> archive.readEvents(deployment, services, sink);
        SecretMask mask = secrets.mask(deployment.id());
        return writeAll(reader, event -> LogFormat.plain(mask.event(event)), out, progress);
    }

    /** Reads a whole stream into a sink; returns a note for the end of the text when something is missing. */
    private interface Reader<T> {
        Optional<String> read(EntrySink<T> sink) throws IOException;
    }

    private static <T> long writeAll(
            Reader<T> reader, Function<T, String> format, OutputStream out, LongConsumer progress) throws IOException {
        long[] written = {0};
        Optional<String> note = reader.read(entry -> {
            out.write((format.apply(entry) + "\n").getBytes(StandardCharsets.UTF_8));
            if (++written[0] % 1000 == 0) {
                progress.accept(written[0]);
            }
        });
        if (note.isPresent()) {
            out.write(("# " + note.get() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.flush();
        progress.accept(written[0]);
        return written[0];
    }

    /**
     * Reads the lease's whole log (of {@code services}, null for all) into {@code sink}; why it ended early, if it did.
     */
    Optional<String> readLogs(DeploymentSummary deployment, @Nullable String services, EntrySink<LogLine> sink)
            throws IOException {
        return readAll(client::logs, deployment, services, sink);
    }

    /** Reads the lease's whole event history into {@code sink}; why it ended early, if it did. */
    Optional<String> readEvents(DeploymentSummary deployment, @Nullable String services, EntrySink<LeaseEvent> sink)
            throws IOException {
        return readAll(client::events, deployment, services, sink);
    }

    /** A stream of the provider client (its logs or its events). */
    private interface StreamCall<T> {
        StreamSubscription open(
                long accountId,
                LeaseRef lease,
                LeaseStream.Request request,
                Consumer<T> onEntry,
                Consumer<StreamStatus> onStatus);
    }

    /** Reads a stream of the lease, not followed, to its end. */
    private static <T> Optional<String> readAll(
            StreamCall<T> call, DeploymentSummary deployment, @Nullable String services, EntrySink<T> sink)
            throws IOException {
        return readAll(
                (onEntry, onStatus) -> call.open(
                        deployment.accountId(),
                        deployment.lease(),
                        new LeaseStream.Request(false, null, services),
                        onEntry,
                        onStatus),
                sink);
    }

    /** Opens a stream that is read to its end. */
    private interface Opener<T> {
        StreamSubscription open(Consumer<T> onEntry, Consumer<StreamStatus> onStatus);
    }

    @SuppressWarnings("unchecked")
    private static <T> Optional<String> readAll(Opener<T> opener, EntrySink<T> sink) throws IOException {
        BlockingQueue<Object> entries = new LinkedBlockingQueue<>(10_000);
        String[] endedEarly = {null};
        StreamSubscription stream = opener.open(entry -> put(entries, entry), status -> {
            if (status.closed()) {
                if (!status.reason().equals("The stream ended.")
                        && !status.reason().equals("Closed.")) {
                    endedEarly[0] = status.reason();
                }
                put(entries, END);
            }
        });
        try {
            for (Object next; (next = entries.poll(60, TimeUnit.SECONDS)) != null && next != END; ) {
                sink.accept((T) next);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stream.remove();
        }
        return Optional.ofNullable(endedEarly[0]);
    }

    private static void put(BlockingQueue<Object> queue, Object item) {
        try {
            // A download that stopped reading is given up on rather than waited for forever.
            queue.offer(item, 30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
