package dev.pier.credentials;

import java.time.Instant;

/**
 * Why no token could be had for an (account, provider) after every retry, kept until the next success.
 *
 * @param message what happened and what to do next, ready to show to a person
 * @param cause the last underlying failure, for logs and API answers
 */
public record CredentialError(CredentialKey key, String message, String cause, int attempts, Instant at) {}
