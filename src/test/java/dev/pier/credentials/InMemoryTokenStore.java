package dev.pier.credentials;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A token store that can be made to fail loudly or, worse, silently. */
class InMemoryTokenStore implements TokenStore {

    final Map<CredentialKey, ProviderToken> tokens = new ConcurrentHashMap<>();
    volatile boolean failWrites;
    volatile boolean dropWrites;

    @Override
    public void save(ProviderToken token) {
        if (failWrites) {
            throw new IllegalStateException("database unavailable");
        }
        if (!dropWrites) {
            tokens.put(token.key(), token);
        }
    }

    @Override
    public Optional<ProviderToken> find(CredentialKey key) {
        return Optional.ofNullable(tokens.get(key));
    }

    @Override
    public void deleteIfValue(CredentialKey key, String value) {
        tokens.computeIfPresent(key, (k, t) -> t.value().equals(value) ? null : t);
    }
}
