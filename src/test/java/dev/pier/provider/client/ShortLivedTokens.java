package dev.pier.provider.client;

import dev.pier.account.AccountSummary;
import dev.pier.credentials.CredentialKey;
import dev.pier.credentials.ProviderToken;
import dev.pier.test.ProviderTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Real provider tokens that live only a couple of seconds, minted fresh on every request: the provider really expires
 * them, so a stream using them really rotates. Records every token handed out.
 */
final class ShortLivedTokens implements TokenSource {

    final List<String> issued = new CopyOnWriteArrayList<>();
    private final ProviderTestSupport provider;
    private final AccountSummary account;
    private final Duration lifetime;
    private final Duration renewBefore;

    ShortLivedTokens(ProviderTestSupport provider, AccountSummary account, Duration lifetime, Duration renewBefore) {
        this.provider = provider;
        this.account = account;
        this.lifetime = lifetime;
        this.renewBefore = renewBefore;
    }

    @Override
    public ProviderToken ensureToken(long accountId, String providerAddress) {
        Instant now = Instant.now();
        Instant exp = now.plus(lifetime);
        String value = provider.token(
                account,
                b -> b.expirationTime(Date.from(exp)).jwtID(UUID.randomUUID().toString()));
        issued.add(value);
        // The JWT's exp has whole seconds; renewal is computed from it, as ProviderCredentials does.
        Instant realExp = Instant.ofEpochSecond(exp.getEpochSecond());
        return new ProviderToken(new CredentialKey(accountId, providerAddress), value, now, realExp);
    }

    @Override
    public Optional<ProviderToken> forceRefresh(long accountId, String providerAddress, String rejectedToken) {
        return Optional.of(ensureToken(accountId, providerAddress));
    }

    @Override
    public Instant renewalTime(ProviderToken token) {
        return token.expiresAt().minus(renewBefore);
    }
}
