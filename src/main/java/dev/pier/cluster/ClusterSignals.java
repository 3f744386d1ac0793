package dev.pier.cluster;

import dev.pier.auth.BrowsersToSignOut;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Sign-outs told to every console instance: a revoked session or a disabled user is signed out where it happened at
 * once, recorded in the shared database, and read by every other instance within {@code pier.cluster.signal-interval},
 * which signs out (and so disconnects) that user's browsers it holds.
 */
@Component
class ClusterSignals implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ClusterSignals.class);

    private final String origin = UUID.randomUUID().toString();
    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final ClusterProperties properties;
    private final ThreadPoolTaskScheduler reader = new ThreadPoolTaskScheduler();
    /** Set while a sign-out read from another instance is passed on here, so it is not recorded again. */
    private final ThreadLocal<Boolean> relaying = ThreadLocal.withInitial(() -> false);

    private volatile long lastSeen = -1;

    ClusterSignals(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock, ClusterProperties properties) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.properties = properties;
        reader.setPoolSize(1);
        reader.setThreadNamePrefix("cluster-signals-");
        reader.initialize();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        // What was recorded before this instance started concerns browsers it never held.
        lastSeen = highest();
        reader.scheduleWithFixedDelay(this::readQuietly, properties.signalInterval());
    }

    @EventListener
    void record(BrowsersToSignOut browsers) {
        if (relaying.get()) {
            return;
        }
        jdbc.update(
                "INSERT INTO cluster_signals (origin, username, auth_session_id, location, created_at)"
                        + " VALUES (?, ?, ?, ?, ?)",
                origin,
                browsers.username(),
                browsers.authSessionId(),
                browsers.location() == null ? "" : browsers.location(),
                Timestamp.from(clock.instant()));
    }

    /** Passes on what other instances recorded since the last read; returns how many. */
    int read() {
        long from = lastSeen < 0 ? highest() : lastSeen;
        int[] passed = {0};
        long[] highest = {from};
        jdbc.query(
                "SELECT id, origin, username, auth_session_id, location FROM cluster_signals WHERE id > ? ORDER BY id",
                rs -> {
                    highest[0] = Math.max(highest[0], rs.getLong(1));
                    if (origin.equals(rs.getString(2))) {
                        return;
                    }
                    long session = rs.getLong(4);
                    // Asked right after the column it is about: a user-wide sign-out has no session id.
                    Long sessionId = rs.wasNull() ? null : session;
                    BrowsersToSignOut browsers = new BrowsersToSignOut(rs.getString(3), sessionId, rs.getString(5));
                    relaying.set(true);
                    try {
                        events.publishEvent(browsers);
                        passed[0]++;
                    } finally {
                        relaying.set(false);
                    }
                },
                from);
        lastSeen = highest[0];
        jdbc.update(
                "DELETE FROM cluster_signals WHERE created_at < ?",
                Timestamp.from(clock.instant().minus(properties.signalRetention())));
        return passed[0];
    }

    private void readQuietly() {
        try {
            read();
        } catch (RuntimeException e) {
            log.warn("Could not read the sign-outs of other console instances; trying again shortly", e);
        }
    }

    private long highest() {
        Long max = jdbc.queryForObject("SELECT MAX(id) FROM cluster_signals", Long.class);
        return max == null ? 0 : max;
    }

    @Override
    public void destroy() {
        reader.shutdown();
    }
}
