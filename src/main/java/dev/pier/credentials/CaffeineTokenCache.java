package dev.pier.credentials;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/** Caffeine-backed token cache; entries leave after one token lifetime, validity is checked by the caller. */
class CaffeineTokenCache implements TokenCache {

    private final Cache<CredentialKey, ProviderToken> tokens;

    CaffeineTokenCache(int maximumSize, Duration tokenTtl) {
        this.tokens = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(tokenTtl)
                .build();
    }

    @Override
    public ProviderToken get(CredentialKey key) {
        return tokens.getIfPresent(key);
    }

    @Override
    public void put(ProviderToken token) {
        tokens.put(token.key(), token);
    }

    @Override
    public void invalidate(CredentialKey key) {
        tokens.invalidate(key);
    }
}
