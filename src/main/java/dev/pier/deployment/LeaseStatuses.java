package dev.pier.deployment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pier.base.WarmerProperties;
import dev.pier.shared.LeaseStatus;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The last status seen of each active lease, by deployment id: written by the lease warmer and by every status read,
 * read by the deployment list and headers so they render without asking a provider. Entries last a few warmer
 * intervals, on the application clock.
 */
@Component
public class LeaseStatuses {

    /** A lease status and when it was seen. */
    public record Observed(LeaseStatus status, Instant at) {

        /** Services ready over services in all ("1/2"), and a crash loop if there is one. */
        public Readiness readiness() {
            return Readiness.of(status, at);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LeaseStatuses.class);

    private final Clock clock;
    private final Cache<Long, Observed> seen;
    /** When this instance last shared each status: the Status tab reads every few seconds, the table needs less. */
    private final Cache<Long, Instant> shared;

    private final Duration shareEvery;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    LeaseStatuses(WarmerProperties warmer, Clock clock, JdbcTemplate jdbc, ObjectMapper json) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.json = json;
        this.seen = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(warmer.interval().multipliedBy(3))
                .maximumSize(100_000)
                .build();
        this.shared = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(warmer.interval())
                .maximumSize(100_000)
                .build();
        // Others read a shared status while it is younger than two warmer intervals: half of one keeps it well inside.
        this.shareEvery = warmer.interval().dividedBy(2);
    }

    void record(long deploymentId, LeaseStatus status) {
        Instant now = clock.instant();
        Observed previous = seen.getIfPresent(deploymentId);
        seen.put(deploymentId, new Observed(status, now));
        Instant lastShared = shared.getIfPresent(deploymentId);
        if (previous != null
                && previous.status().equals(status)
                && lastShared != null
                && lastShared.isAfter(now.minus(shareEvery))) {
            return;
        }
        shared.put(deploymentId, now);
        // Shared with the other console instances: the one warmer pass serves every instance's lists.
        try {
            String text = json.writeValueAsString(status);
            Timestamp at = Timestamp.from(now);
            if (jdbc.update(
                            "UPDATE lease_status_cache SET status = ?, seen_at = ? WHERE deployment_id = ?",
                            text,
                            at,
                            deploymentId)
                    == 0) {
                jdbc.update(
                        "INSERT INTO lease_status_cache (deployment_id, status, seen_at) VALUES (?, ?, ?)",
                        deploymentId,
                        text,
                        at);
            }
        } catch (JsonProcessingException | DataAccessException e) {
            // Another instance wrote it at the same moment, or the database is busy: this instance still has it.
            log.debug("Could not share the status of deployment {}: {}", deploymentId, e.toString());
        }
    }

    void forget(long deploymentId) {
        seen.invalidate(deploymentId);
        shared.invalidate(deploymentId);
        jdbc.update("DELETE FROM lease_status_cache WHERE deployment_id = ?", deploymentId);
    }

    /** The last status seen, if it is younger than {@code maxAge}. */
    Optional<Observed> seenWithin(long deploymentId, Duration maxAge) {
        Observed observed = seen.getIfPresent(deploymentId);
        if (observed == null || observed.at().isBefore(clock.instant().minus(maxAge))) {
            observed = shared(deploymentId).orElse(observed);
        }
        if (observed == null || observed.at().isBefore(clock.instant().minus(maxAge))) {
            return Optional.empty();
        }
        return Optional.of(observed);
    }

    /** What another instance saw (or this one, before a restart), from the shared table. */
    private Optional<Observed> shared(long deploymentId) {
        try {
            return jdbc
                    .query(
                            "SELECT status, seen_at FROM lease_status_cache WHERE deployment_id = ?",
                            (rs, row) -> new Observed(
                                    readStatus(rs.getString(1)),
                                    rs.getTimestamp(2).toInstant()),
                            deploymentId)
                    .stream()
                    .filter(o -> o.status() != null)
                    .findFirst();
        } catch (DataAccessException e) {
            return Optional.empty();
        }
    }

    /** The status, or null when the text is not one (written by another version of Pier, say). */
    private @Nullable LeaseStatus readStatus(String text) {
        try {
            return json.readValue(text, LeaseStatus.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
