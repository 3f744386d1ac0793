package dev.pier.account;

/** Published after an account's signing key was rotated: work that gave up on the account's credentials may resume. */
public record AccountKeyRotated(long accountId) {}
