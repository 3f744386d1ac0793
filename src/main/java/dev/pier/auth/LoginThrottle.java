package dev.pier.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing without locking the owner out. Failures count per (username, client address): after a
 * few free ones, each further attempt of that pair waits a delay that doubles up to a maximum. An address that failed
 * often (any usernames) is held back too, but only for usernames that already failed from there: an account with no
 * recent failures from an address always gets its attempt, so neither a guesser elsewhere nor a neighbour behind the
 * same address can keep its owner out.
 */
@Component
class LoginThrottle {

    private record Failures(int count, Instant last) {}

    private final Cache<String, Failures> failures;
    private final AuthProperties.LoginThrottle settings;
    private final Clock clock;

    LoginThrottle(AuthProperties properties, Clock clock) {
        this.settings = properties.loginThrottle();
        this.clock = clock;
        // Failures are forgotten once the longest wait has passed twice over; the bound keeps memory flat under a
        // flood.
        this.failures = Caffeine.newBuilder()
                .maximumSize(100_000)
                .ticker(() -> clock.millis() * 1_000_000L)
                .expireAfterWrite(settings.maxDelay().multipliedBy(2))
                .build();
    }

    /** How long the caller must still wait before a login attempt for this username from this address is tried. */
    Optional<Duration> retryAfter(String username, String clientAddress) {
        Instant now = clock.instant();
        Failures pair = failures.getIfPresent(pairKey(username, clientAddress));
        Optional<Duration> own = wait(pair, settings.freeFailures(), now);
        if (pair == null) {
            return own;
        }
        // The address-wide allowance costs only usernames that already failed from this address.
        return Stream.of(
                        own,
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
        for (String key : new String[] {pairKey(username, clientAddress), addressKey(clientAddress)}) {
            failures.asMap().merge(key, new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
        }
    }

    /** Forgets every failure; for tests and for an administrator's "unlock". */
    void clear() {
        failures.invalidateAll();
    }

    /** A successful login forgets the failures of that username from that address; the address keeps its record. */
    void recordSuccess(String username, String clientAddress) {
        failures.invalidate(pairKey(username, clientAddress));
    }

    /** The wait after {@code excess} failures beyond the free ones: base, then doubling, capped. */
    Duration delayFor(int excess) {
        Duration delay = settings.baseDelay().multipliedBy(1L << Math.min(Math.max(excess, 0), 30));
        return delay.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : delay;
    }

    private static String pairKey(String username, String address) {
        return "user:" + (username == null ? "" : username.trim().toLowerCase(Locale.ROOT)) + "@"
                + (address == null ? "unknown" : address);
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "unknown" : address);
    }
}
