package dev.pier.auth;

import java.time.Instant;

/** A persistent session that just authenticated a request. */
public record ActiveSession(
        long sessionId, long userId, String username, Instant expiresAt, Instant absoluteExpiresAt) {}
