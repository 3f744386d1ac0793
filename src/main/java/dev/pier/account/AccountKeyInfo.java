package dev.pier.account;

import java.time.Instant;

/** Public facts about one key of an account. */
public record AccountKeyInfo(
        String kid, String publicKeyHex, Instant createdAt, Instant retiredAt, Instant publishedUntil) {

    public boolean active() {
        return retiredAt == null;
    }
}
