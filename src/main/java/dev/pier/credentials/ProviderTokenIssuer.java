package dev.pier.credentials;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.pier.account.AccountService;
import dev.pier.account.SigningKey;
import dev.pier.shared.Es256kSigner;
import dev.pier.shared.ProviderTokenClaims;
import java.time.Clock;
import java.time.Instant;

/** Signs a provider-bound token with the account's current key (ES256K, low-S). */
class ProviderTokenIssuer implements TokenMinter {

    private final AccountService accounts;
    private final CredentialsProperties properties;
    private final Clock clock;
    private final Es256kSigner signer = new Es256kSigner();

    ProviderTokenIssuer(AccountService accounts, CredentialsProperties properties, Clock clock) {
        this.accounts = accounts;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    public ProviderToken mint(CredentialKey key) {
        // The key is read again for every attempt, so a rotation between attempts is honoured.
        SigningKey signing = accounts.signingKey(key.accountId());
        Instant now = clock.instant();
        JWTClaimsSet claims = ProviderTokenClaims.build(
                signing.address(), key.providerAddress(), now, properties.tokenTtl(), properties.backdate());
        String token = signer.sign(claims, signing.privateJwk());
        return new ProviderToken(key, token, now, claims.getExpirationTime().toInstant());
    }
}
