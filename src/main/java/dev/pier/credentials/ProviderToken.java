package dev.pier.credentials;

import java.time.Duration;
import java.time.Instant;

/** A signed provider JWT and when it stops being valid. */
public record ProviderToken(CredentialKey key, String value, Instant issuedAt, Instant expiresAt) {

    /** Whether the token may still be sent: it counts as expired {@code skew} before its {@code exp}. */
    public boolean usableAt(Instant now, Duration skew) {
        return now.isBefore(expiresAt.minus(skew));
    }

    @Override
    public String toString() {
        // Never print the token itself: logs are not a place for bearer secrets.
        return "ProviderToken[" + key + ", expiresAt=" + expiresAt + "]";
    }
}
