package dev.pier.deployment;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pier.base.WarmerProperties;
import dev.pier.shared.LeaseStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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

    private final Clock clock;
    private final Cache<Long, Observed> seen;

    LeaseStatuses(WarmerProperties warmer, Clock clock) {
        this.clock = clock;
        this.seen = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfterWrite(warmer.interval().multipliedBy(3))
                .maximumSize(100_000)
                .build();
    }

    void record(long deploymentId, LeaseStatus status) {
        seen.put(deploymentId, new Observed(status, clock.instant()));
    }

    void forget(long deploymentId) {
        seen.invalidate(deploymentId);
    }

    /** The last status seen, if it is younger than {@code maxAge}. */
    Optional<Observed> seenWithin(long deploymentId, Duration maxAge) {
        Observed observed = seen.getIfPresent(deploymentId);
        if (observed == null || observed.at().isBefore(clock.instant().minus(maxAge))) {
            return Optional.empty();
        }
        return Optional.of(observed);
    }
}
