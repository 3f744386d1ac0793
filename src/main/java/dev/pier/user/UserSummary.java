package dev.pier.user;

import java.time.Instant;

/** What other features and views may know about a user: never the password hash. */
public record UserSummary(long id, String username, Role role, boolean enabled, Instant createdAt) {}
