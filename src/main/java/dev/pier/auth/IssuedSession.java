package dev.pier.auth;

import java.time.Instant;

/** A freshly created persistent session. {@code token} is shown to the client once and never stored. */
public record IssuedSession(long id, String token, Instant expiresAt, Instant absoluteExpiresAt) {}
