package dev.pier.providerapp.gateway;

import dev.pier.providerapp.runtime.LeaseId;
import dev.pier.shared.ProviderProtocol;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PingMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * What every provider WebSocket gets: it is closed with the tokenExpired frame and 1008 when its token expires, and it
 * is pinged so a dead peer is noticed (and an idle proxy never sees a silent connection).
 */
@Component
class StreamGuard {

    static final String EXPIRED_FRAME = ProviderProtocol.EXPIRED_FRAME;
    private static final Logger log = LoggerFactory.getLogger(StreamGuard.class);

    private record Guarded(
            WebSocketSession session, ScheduledFuture<?> expiry, ScheduledFuture<?> ping, Instant[] lastPong) {}

    /** Close code telling a client its lease was closed: the stream ends for good, no reconnect can bring it back. */
    static final int LEASE_CLOSED = ProviderProtocol.LEASE_CLOSED;

    private final TaskScheduler scheduler;
    private final ProviderProperties properties;
    private final Clock clock;
    private final Map<String, Guarded> guarded = new ConcurrentHashMap<>();

    StreamGuard(TaskScheduler gatewayScheduler, ProviderProperties properties, Clock clock, KeyRegistryClient keys) {
        this.scheduler = gatewayScheduler;
        this.properties = properties;
        this.clock = clock;
        keys.onWithdrawn(this::keysWithdrawn);
    }

    /** Frame and close for a stream whose key the console withdrew (its user disabled, its account retired). */
    static final String WITHDRAWN_FRAME = ProviderProtocol.WITHDRAWN_FRAME;

    /** Ends every stream opened with a token of a withdrawn key: a disabled user's shell stops, not only new ones. */
    private void keysWithdrawn(Set<String> kids) {
        for (Guarded g : List.copyOf(guarded.values())) {
            Object caller = g.session().getAttributes().get(LeaseHandshake.CALLER);
            if (caller instanceof TokenVerifier.Caller c && kids.contains(c.kid())) {
                try {
                    if (g.session().isOpen()) {
                        g.session().sendMessage(new TextMessage(WITHDRAWN_FRAME));
                        awaitSent(g.session());
                        g.session().close(CloseStatus.POLICY_VIOLATION.withReason("key withdrawn"));
                    }
                } catch (IOException | IllegalStateException e) {
                    log.debug("Could not end {} of a withdrawn key", g.session().getId(), e);
                }
            }
        }
    }

    void watch(WebSocketSession session, TokenVerifier.Caller caller) {
        Instant[] lastPong = {clock.instant()};
        Duration untilExpiry = Duration.between(clock.instant(), caller.expiresAt());
        ScheduledFuture<?> expiry = scheduler.schedule(
                () -> expire(session), Instant.now().plus(untilExpiry.isNegative() ? Duration.ZERO : untilExpiry));
        ScheduledFuture<?> ping = scheduler.scheduleAtFixedRate(
                () -> ping(session, lastPong), Instant.now().plus(properties.keepAlive()), properties.keepAlive());
        guarded.put(session.getId(), new Guarded(session, expiry, ping, lastPong));
    }

    void pong(WebSocketSession session) {
        Guarded g = guarded.get(session.getId());
        if (g != null) {
            g.lastPong()[0] = clock.instant();
        }
    }

    void release(WebSocketSession session) {
        Guarded g = guarded.remove(session.getId());
        if (g != null) {
            g.expiry().cancel(false);
            g.ping().cancel(false);
        }
    }

    /** Ends every stream of a lease that was just closed, saying so (logs, events and shells alike). */
    void leaseClosed(LeaseId lease) {
        for (Guarded g : List.copyOf(guarded.values())) {
            if (lease.equals(g.session().getAttributes().get(LeaseHandshake.LEASE))) {
                try {
                    g.session().close(new CloseStatus(LEASE_CLOSED, "lease closed"));
                } catch (IOException | IllegalStateException e) {
                    log.debug("Could not end {} of closed lease {}", g.session().getId(), lease.path(), e);
                }
            }
        }
    }

    /** Whether the token of this connection has expired (a frame arriving then gets the expiry answer). */
    boolean expired(TokenVerifier.Caller caller) {
        return !clock.instant().isBefore(caller.expiresAt());
    }

    void expire(WebSocketSession session) {
        try {
            if (session.isOpen()) {
                session.sendMessage(new TextMessage(EXPIRED_FRAME));
                awaitSent(session);
                session.close(CloseStatus.POLICY_VIOLATION.withReason("tokenExpired"));
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not tell {} its token expired", session.getId(), e);
        }
    }

    /**
     * While another thread is sending (a log pump), the concurrent decorator only buffers a message; closing at once
     * would drop it. Wait briefly for the buffer to drain so the expiry frame arrives before the close.
     */
    private static void awaitSent(WebSocketSession session) {
        if (!(session instanceof ConcurrentWebSocketSessionDecorator buffered)) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (buffered.getBufferSize() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void ping(WebSocketSession session, Instant[] lastPong) {
        try {
            if (!session.isOpen()) {
                release(session);
                return;
            }
            if (Duration.between(lastPong[0], clock.instant()).compareTo(properties.keepAliveTimeout()) > 0) {
                session.close(CloseStatus.SESSION_NOT_RELIABLE.withReason(
                        "no pong within " + properties.keepAliveTimeout().toSeconds() + " s"));
                return;
            }
            session.sendMessage(new PingMessage());
        } catch (IOException | IllegalStateException e) {
            log.debug("Ping to {} failed", session.getId(), e);
        }
    }
}
