package dev.pier.auth;

import java.time.Instant;

/** One of a user's live sessions, as "My sessions" lists it. */
public record SessionSummary(
        long id,
        SessionKind kind,
        String device,
        Instant createdAt,
        Instant lastUsedAt,
        Instant expiresAt,
        Instant absoluteExpiresAt) {}
