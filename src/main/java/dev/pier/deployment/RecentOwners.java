package dev.pier.deployment;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Who looked at their deployments lately (in a view or through the API): the warmer keeps only their leases warm. Kept
 * in memory for the life of the process; a restart forgets it until people come back.
 */
@Component
class RecentOwners {

    private final Clock clock;
    private final Map<Long, Instant> lastSeen = new ConcurrentHashMap<>();

    RecentOwners(Clock clock) {
        this.clock = clock;
    }

    void seen(long userId) {
        lastSeen.put(userId, clock.instant());
    }

    /** The users seen at or after {@code since}; older entries are dropped. */
    Set<Long> seenSince(Instant since) {
        lastSeen.values().removeIf(at -> at.isBefore(since));
        return Set.copyOf(lastSeen.keySet());
    }
}
