package dev.pier.credentials;

import java.util.Optional;

/** Durable storage of the current token per (account, provider): the source of truth the cache sits in front of. */
interface TokenStore {

    void save(ProviderToken token);

    Optional<ProviderToken> find(CredentialKey key);

    /** Deletes the stored token only if it still is {@code value}, so a newer one written meanwhile survives. */
    void deleteIfValue(CredentialKey key, String value);
}
