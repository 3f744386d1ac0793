package dev.pier.deployment;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who looked at their deployments lately (in a view or through the API): the warmer keeps only their leases warm. Kept
 * in the shared database, so the one warmer pass of all console instances knows the people every instance served; each
 * instance writes a person at most once a minute.
 */
@Component
class RecentOwners {

    /** How stale the database may be about one person: far below the warmer's active-within (an hour). */
    static final Duration WRITE_EVERY = Duration.ofMinutes(1);

    private final Clock clock;
    private final JdbcTemplate jdbc;
    private final Map<Long, Instant> written = new ConcurrentHashMap<>();

    RecentOwners(Clock clock, JdbcTemplate jdbc) {
        this.clock = clock;
        this.jdbc = jdbc;
    }

    void seen(long userId) {
        Instant now = clock.instant();
        Instant last = written.get(userId);
        if (last != null && !now.isBefore(last) && now.isBefore(last.plus(WRITE_EVERY))) {
            return;
        }
        written.put(userId, now);
        Timestamp at = Timestamp.from(now);
        if (jdbc.update("UPDATE recent_owners SET last_seen = ? WHERE user_id = ?", at, userId) == 0) {
            try {
                jdbc.update("INSERT INTO recent_owners (user_id, last_seen) VALUES (?, ?)", userId, at);
            } catch (DuplicateKeyException another) {
                // Another instance wrote the same person a moment ago.
                jdbc.update("UPDATE recent_owners SET last_seen = ? WHERE user_id = ?", at, userId);
            }
        }
    }

    /** The users seen at or after {@code since}, on any instance. */
    Set<Long> seenSince(Instant since) {
        written.values().removeIf(at -> at.isBefore(since));
        return Set.copyOf(jdbc.queryForList(
                "SELECT user_id FROM recent_owners WHERE last_seen >= ?", Long.class, Timestamp.from(since)));
    }
}
