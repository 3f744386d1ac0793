package dev.pier.account;

import java.time.Instant;

/** An account as other features and views see it; never any key material. */
public record AccountSummary(long id, long userId, String name, String address, boolean isDefault, Instant createdAt) {}
