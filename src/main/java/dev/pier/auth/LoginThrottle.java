package dev.pier.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing: after a number of free failures, per username and per client address, each
 * further attempt must wait a delay that doubles with every failure up to a maximum.
 */
@Component
class LoginThrottle {

    private record Failures(int count, Instant last) {
    }

    private final Cache<String, Failures> failures;
    private final AuthProperties.LoginThrottle settings;
    private final Clock clock;

    LoginThrottle(AuthProperties properties, Clock clock) {
        this.settings = properties.loginThrottle();
        this.clock = clock;
        // Failures are forgotten once the longest wait has passed twice over; the bound keeps memory flat under a flood.
        this.failures = Caffeine.newBuilder()
                .maximumSize(100_000)
                .ticker(() -> clock.millis() * 1_000_000L)
                .expireAfterWrite(settings.maxDelay().multipliedBy(2))
                .build();
    }

    /** How long the caller must still wait before a login attempt for this username from this address is tried. */
    Optional<Duration> retryAfter(String username, String clientAddress) {
        Instant now = clock.instant();
        return Stream.of(wait(failures.getIfPresent(userKey(username)), settings.freeFailures(), now),
                        wait(failures.getIfPresent(addressKey(clientAddress)), settings.freeFailuresPerAddress(), now))
                .flatMap(Optional::stream)
                .max(Duration::compareTo);
    }

    private Optional<Duration> wait(Failures record, int free, Instant now) {
        if (record == null || record.count() < free) {
            return Optional.empty();
        }
        Duration remaining = Duration.between(now, record.last().plus(delayFor(record.count() - free)));
        return remaining.isNegative() || remaining.isZero() ? Optional.empty() : Optional.of(remaining);
    }

    void recordFailure(String username, String clientAddress) {
        Instant now = clock.instant();
        for (String key : new String[] {userKey(username), addressKey(clientAddress)}) {
            failures.asMap().merge(key, new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
        }
    }

    /** Forgets every failure; for tests and for an administrator's "unlock". */
    void clear() {
        failures.invalidateAll();
    }

    /** A successful login forgets the username's failures; the address keeps its record. */
    void recordSuccess(String username) {
        failures.invalidate(userKey(username));
    }

    /** The wait after {@code excess} failures beyond the free ones: base, then doubling, capped. */
    Duration delayFor(int excess) {
        Duration delay = settings.baseDelay().multipliedBy(1L << Math.min(Math.max(excess, 0), 30));
        return delay.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : delay;
    }

    private static String userKey(String username) {
        return "user:" + (username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "unknown" : address);
    }
}
