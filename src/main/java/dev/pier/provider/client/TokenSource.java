package dev.pier.provider.client;

import dev.pier.credentials.ProviderCredentials;
import dev.pier.credentials.ProviderToken;
import java.time.Instant;
import java.util.Optional;

/** Where the client gets its tokens: ProviderCredentials, asked again for every attempt. A seam for tests to count. */
interface TokenSource {

    ProviderToken ensureToken(long accountId, String provider);

    Optional<ProviderToken> forceRefresh(long accountId, String provider, String rejectedToken);

    /** When a token should be renewed, before the provider would refuse it. */
    Instant renewalTime(ProviderToken token);

    static TokenSource of(ProviderCredentials credentials) {
        return new TokenSource() {
            @Override
            public ProviderToken ensureToken(long accountId, String provider) {
                return credentials.ensureToken(accountId, provider);
            }

            @Override
            public Optional<ProviderToken> forceRefresh(long accountId, String provider, String rejectedToken) {
                return credentials.forceRefresh(accountId, provider, rejectedToken);
            }

            @Override
            public Instant renewalTime(ProviderToken token) {
                return credentials.renewalTime(token);
            }
        };
    }
}
