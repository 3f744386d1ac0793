package dev.pier.credentials;

/** Tokens are bound to one provider, so everything about them is kept per (account, provider). */
public record CredentialKey(long accountId, String providerAddress) {}
