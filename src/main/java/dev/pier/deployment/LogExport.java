package dev.pier.deployment;

import dev.pier.base.StreamSubscription;
import dev.pier.provider.client.LeaseStream;
import dev.pier.provider.client.ProviderClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** A deployment's full log as a download, read from its provider as it is written out. */
@Service
public class LogExport {

    private static final Object END = new Object();

    private final ProviderClient client;

    LogExport(ProviderClient client) {
        this.client = client;
    }

    /**
     * Writes the full log the provider keeps for the deployment as text lines (see {@link LogFormat#plain}), as it is
     * read, reporting the count every 1,000 lines and at the end; returns the lines written. A log that ended early
     * ends with a line saying why. Runs on the caller's thread (a request's), bounded: a slow reader makes the stream
     * wait rather than holding the whole log in memory.
     */
    public long writeLog(
            DeploymentSummary deployment, @Nullable String services, OutputStream out, LongConsumer progress)
            throws IOException {
        BlockingQueue<Object> lines = new LinkedBlockingQueue<>(10_000);
        StreamSubscription stream = client.logs(
                deployment.accountId(),
                deployment.lease(),
                new LeaseStream.Request(false, null, services),
                line -> put(lines, LogFormat.plain(line) + "\n"),
                status -> {
                    if (status.closed()) {
                        if (!status.reason().equals("The stream ended.")
                                && !status.reason().equals("Closed.")) {
                            put(lines, "# the log ended early: " + status.reason() + "\n");
                        }
                        put(lines, END);
                    }
                });
        long written = 0;
        try {
            for (Object next; (next = lines.poll(60, TimeUnit.SECONDS)) != null && next != END; ) {
                out.write(((String) next).getBytes(StandardCharsets.UTF_8));
                if (++written % 1000 == 0) {
                    progress.accept(written);
                }
            }
            out.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stream.remove();
        }
        progress.accept(written);
        return written;
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
