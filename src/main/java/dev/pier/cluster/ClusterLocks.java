package dev.pier.cluster;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.springframework.integration.support.locks.LockRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Locks held in the shared database, so that what must happen once happens once however many console instances run: one
 * token generation per account and provider, one warmer pass per interval. A lock whose holder died is free again after
 * {@code pier.cluster.lock-time-to-live}.
 */
@Service
public class ClusterLocks {

    private final LockRegistry registry;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    ClusterLocks(LockRegistry clusterLockRegistry, JdbcTemplate jdbc, Clock clock) {
        this.registry = clusterLockRegistry;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Runs {@code work} holding the lock {@code name} on every instance, waiting up to {@code wait} for it.
     *
     * @throws IllegalStateException when another instance held it longer than {@code wait}
     */
    public <T> T exclusively(String name, Duration wait, Supplier<T> work) {
        Lock lock = registry.obtain(name);
        boolean held;
        try {
            held = lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the cluster lock " + name, e);
        }
        if (!held) {
            throw new IllegalStateException("Another console instance held the lock " + name + " for over "
                    + wait.toSeconds() + " s; try again in a moment.");
        }
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the job {@code name} is due here: true for exactly one caller across all instances per {@code interval}
     * (a tenth of it is allowed for timers that tick a little early); the time it ran is recorded then.
     */
    public boolean due(String name, Duration interval) {
        Lock lock = registry.obtain("tick:" + name);
        if (!lock.tryLock()) {
            // Another instance decides right now; it will run the job.
            return false;
        }
        try {
            Instant now = clock.instant();
            List<Timestamp> last =
                    jdbc.queryForList("SELECT last_at FROM cluster_ticks WHERE name = ?", Timestamp.class, name);
            // Instances' clocks differ by seconds: a run stamped a little ahead of this clock is this interval's run
            // too.
            // Only a stamp a whole interval ahead (a clock set back) does not hold the job off.
            Instant lastAt = last.isEmpty() ? null : last.get(0).toInstant();
            if (lastAt != null
                    && lastAt.isBefore(now.plus(interval))
                    && lastAt.plus(interval.minus(interval.dividedBy(10))).isAfter(now)) {
                return false;
            }
            if (last.isEmpty()) {
                jdbc.update("INSERT INTO cluster_ticks (name, last_at) VALUES (?, ?)", name, Timestamp.from(now));
            } else {
                jdbc.update("UPDATE cluster_ticks SET last_at = ? WHERE name = ?", Timestamp.from(now), name);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }
}
