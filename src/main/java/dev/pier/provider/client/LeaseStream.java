package dev.pier.provider.client;

import com.fasterxml.jackson.databind.ObjectReader;
import dev.pier.base.StreamStatus;
import dev.pier.shared.Sequenced;
import java.net.URI;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A lease's logs or events, followed across token rotations, dropped connections and provider restarts: every reconnect
 * resumes after the last seq delivered, so each entry arrives exactly once, in order.
 */
public final class LeaseStream<T extends Sequenced> extends ReconnectingSocket {

    private static final Logger log = LoggerFactory.getLogger(LeaseStream.class);

    /** What to stream: {@code tail} lines to start with (null: everything kept), a service filter, follow or not. */
    public record Request(
            boolean follow,
            @Nullable Integer tail,
            @Nullable String service) {}

    private final String path;
    private final Request request;
    private final ObjectReader reader;
    private final Consumer<T> onEntry;
    private volatile long lastSeq;

    LeaseStream(
            ProviderClient.Context context,
            long accountId,
            LeaseRef lease,
            String route,
            Request request,
            Class<T> type,
            Consumer<T> onEntry,
            Consumer<StreamStatus> onStatus) {
        super(context, accountId, lease.provider(), onStatus);
        this.path = lease.path() + "/" + route;
        this.request = request;
        this.reader = json.readerFor(type);
        this.onEntry = onEntry;
    }

    /** The seq of the last entry delivered (0 before the first). */
    public long lastSeq() {
        return lastSeq;
    }

    @Override
    URI uri(String base) {
        StringBuilder query = new StringBuilder("?follow=").append(request.follow());
        if (request.service() != null && !request.service().isBlank()) {
            query.append("&service=").append(ProviderClient.encode(request.service()));
        }
        if (lastSeq > 0) {
            query.append("&after=").append(lastSeq);
        } else if (request.tail() != null) {
            query.append("&tail=").append(request.tail());
        }
        return URI.create(base + path + query);
    }

    @Override
    void onTextFrame(String text) {
        try {
            T entry = reader.readValue(text);
            if (entry.seq() <= lastSeq) {
                return;
            }
            lastSeq = entry.seq();
            onEntry.accept(entry);
        } catch (Exception e) {
            log.debug("Skipped an unreadable frame: {}", e.toString());
        }
    }

    @Override
    boolean endsNormally(int code) {
        return !request.follow() && code == 1000;
    }
}
