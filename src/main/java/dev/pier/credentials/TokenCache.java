package dev.pier.credentials;

/** The in-memory layer in front of {@link TokenStore}. It is allowed to fail: callers fall back to the store. */
interface TokenCache {

    ProviderToken get(CredentialKey key);

    void put(ProviderToken token);

    void invalidate(CredentialKey key);
}
