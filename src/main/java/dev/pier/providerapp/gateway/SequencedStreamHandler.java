package dev.pier.providerapp.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.providerapp.runtime.LeaseId;
import dev.pier.providerapp.runtime.SequencedLog;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Streams a lease's logs or events: {@code tail}, {@code follow}, a {@code service} filter (comma-separated), and
 * {@code after=<seq>} to resume with no gap and no duplicate. Each connection's reader pulls from the lease's log at
 * the pace the client takes frames, so a slow client never makes the provider buffer for it, and holds a thread only
 * while it has something to send.
 */
class SequencedStreamHandler<T> extends TextWebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(SequencedStreamHandler.class);
    private static final int BATCH = 512;
    private static final String CLOSED = "pier.closed";
    private static final String PUMP = "pier.pump";

    private final Function<LeaseId, SequencedLog<T>> source;
    private final Function<T, String> serviceOf;
    private final ToLongFunction<T> seqOf;
    private final ObjectMapper json;
    private final StreamGuard guard;
    private final Executor executor;

    SequencedStreamHandler(
            Function<LeaseId, SequencedLog<T>> source,
            Function<T, String> serviceOf,
            ToLongFunction<T> seqOf,
            ObjectMapper json,
            StreamGuard guard,
            Executor executor) {
        this.source = source;
        this.serviceOf = serviceOf;
        this.seqOf = seqOf;
        this.json = json;
        this.guard = guard;
        this.executor = executor;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) {
        WebSocketSession session = new ConcurrentWebSocketSessionDecorator(raw, 30_000, 1 << 20);
        TokenVerifier.Caller caller = (TokenVerifier.Caller) raw.getAttributes().get(LeaseHandshake.CALLER);
        LeaseId lease = (LeaseId) raw.getAttributes().get(LeaseHandshake.LEASE);
        guard.watch(session, caller);
        MultiValueMap<String, String> query =
                UriComponentsBuilder.fromUri(raw.getUri()).build().getQueryParams();
        boolean follow = query.containsKey("follow") && !"false".equals(query.getFirst("follow"));
        Set<String> services =
                query.containsKey("service") && !query.getFirst("service").isBlank()
                        ? new HashSet<>(List.of(query.getFirst("service").split(",")))
                        : Set.of();
        Predicate<T> filter = services.isEmpty() ? t -> true : t -> services.contains(serviceOf.apply(t));
        Long after;
        Integer tail;
        try {
            after = query.containsKey("after") ? number(query.getFirst("after"), "after", Long.MAX_VALUE) : null;
            Long tailValue =
                    query.containsKey("tail") ? number(query.getFirst("tail"), "tail", Integer.MAX_VALUE) : null;
            tail = tailValue == null ? null : tailValue.intValue();
        } catch (IllegalArgumentException e) {
            // A bad parameter is the client's mistake: say which, and close as bad data (never a server error).
            try {
                session.sendMessage(
                        new TextMessage(json.writeValueAsString(GatewayErrors.body("badRequest", e.getMessage()))));
                session.close(CloseStatus.BAD_DATA.withReason("bad parameter"));
            } catch (IOException | IllegalStateException closing) {
                log.debug("Could not refuse {}", raw.getId(), closing);
            }
            guard.release(session);
            return;
        }
        Pump pump = new Pump(raw, session, source.apply(lease), filter, follow, after, tail);
        raw.getAttributes().put(PUMP, pump);
        pump.listen();
        pump.wake();
    }

    private static long number(String value, String name, long max) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed < 0 || parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + value + "' is not a whole number from 0 to " + max + ".");
        }
    }

    /**
     * One connection's reader. It runs on the stream executor only while there is something to send (an append wakes
     * it), so an idle stream holds no thread; runs of one pump never overlap, and each sends what is there in batches,
     * at the pace the client takes frames.
     */
    private final class Pump implements Runnable {

        private final WebSocketSession raw;
        private final WebSocketSession session;
        private final SequencedLog<T> entries;
        private final Predicate<T> filter;
        private final boolean follow;
        private final Long after;
        private final Integer tail;
        /** Wake-ups not yet handled; the one that takes it from 0 starts a run. */
        private final AtomicInteger wakeUps = new AtomicInteger();

        private volatile Runnable stopListening = () -> {};
        // Touched only by runs, which never overlap.
        private boolean started;
        private long cursor;
        private long end;

        Pump(
                WebSocketSession raw,
                WebSocketSession session,
                SequencedLog<T> entries,
                Predicate<T> filter,
                boolean follow,
                Long after,
                Integer tail) {
            this.raw = raw;
            this.session = session;
            this.entries = entries;
            this.filter = filter;
            this.follow = follow;
            this.after = after;
            this.tail = tail;
        }

        void listen() {
            stopListening = entries.onAppend(this::wake);
        }

        void wake() {
            if (wakeUps.getAndIncrement() == 0) {
                try {
                    executor.execute(this);
                } catch (RejectedExecutionException full) {
                    // Every stream thread is sending: the client reconnects with after= and loses nothing.
                    stop();
                    closeQuietly(CloseStatus.SERVICE_OVERLOAD.withReason("busy, reconnect"));
                }
            }
        }

        void stop() {
            stopListening.run();
        }

        @Override
        public void run() {
            int handled = wakeUps.get();
            try {
                while (true) {
                    if (!session.isOpen() || raw.getAttributes().get(CLOSED) != null) {
                        stop();
                        return;
                    }
                    if (!started) {
                        start();
                    }
                    if (!drain()) {
                        return;
                    }
                    handled = wakeUps.addAndGet(-handled);
                    if (handled == 0) {
                        return;
                    }
                }
            } catch (Exception e) {
                log.debug("Stream {} ended: {}", raw.getId(), e.toString());
                stop();
                closeQuietly(CloseStatus.SERVER_ERROR);
            }
        }

        private void start() throws Exception {
            started = true;
            // Without follow the stream is a snapshot: it ends at what was there when it opened, even while the
            // workload keeps writing (a tail of 5 is 5 lines, not 5 plus whatever arrived meanwhile).
            end = follow ? Long.MAX_VALUE : entries.lastSeq();
            if (after != null) {
                cursor = after;
            } else if (tail != null && tail >= 0) {
                List<T> last = entries.tail(tail, filter);
                send(session, last);
                cursor = last.isEmpty()
                        ? Math.min(end, entries.lastSeq())
                        : seqOf.applyAsLong(last.get(last.size() - 1));
                end = Math.max(end, cursor);
            } else {
                cursor = 0;
            }
        }

        /** Sends everything after the cursor; false when the stream is over (a snapshot sent, or the socket shut). */
        private boolean drain() throws Exception {
            while (session.isOpen() && raw.getAttributes().get(CLOSED) == null) {
                long upTo = end;
                List<T> batch = entries.readAfter(cursor, BATCH, filter).stream()
                        .filter(t -> seqOf.applyAsLong(t) <= upTo)
                        .toList();
                if (batch.isEmpty()) {
                    // The cursor stays put when nothing matched: moving it to lastSeq here could skip an entry
                    // appended between the read and that call.
                    if (!follow) {
                        stop();
                        session.close(CloseStatus.NORMAL);
                        return false;
                    }
                    return true;
                }
                send(session, batch);
                cursor = seqOf.applyAsLong(batch.get(batch.size() - 1));
            }
            stop();
            return false;
        }

        private void closeQuietly(CloseStatus status) {
            try {
                session.close(status);
            } catch (IOException | IllegalStateException alreadyClosed) {
                log.debug("Stream {} was closed already", raw.getId());
            }
        }
    }

    private void send(WebSocketSession session, List<T> entries) throws Exception {
        for (T entry : entries) {
            session.sendMessage(new TextMessage(json.writeValueAsString(entry)));
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        TokenVerifier.Caller caller =
                (TokenVerifier.Caller) session.getAttributes().get(LeaseHandshake.CALLER);
        if (guard.expired(caller)) {
            guard.expire(session);
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        guard.pong(session);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        session.getAttributes().put(CLOSED, Boolean.TRUE);
        if (session.getAttributes().get(PUMP) instanceof SequencedStreamHandler<?>.Pump pump) {
            pump.stop();
        }
        guard.release(session);
    }
}
