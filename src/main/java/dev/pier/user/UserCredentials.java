package dev.pier.user;

/** A user's login data, for the authentication feature alone. */
public record UserCredentials(long id, String username, String passwordHash, Role role, boolean enabled) {}
