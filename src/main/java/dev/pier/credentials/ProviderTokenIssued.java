package dev.pier.credentials;

/**
 * Published when a new provider token was created for an account at a provider: a fresh credential, so background work
 * that gave up on that pair may try again.
 */
public record ProviderTokenIssued(long accountId, String providerAddress) {}
