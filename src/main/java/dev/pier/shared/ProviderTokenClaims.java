package dev.pier.shared;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.pier.base.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The claims of a provider token, shaped like the Akash provider JWT so a real Akash provider would accept them: issuer
 * = account address, version v1, and the provider-bound "granular" lease permission, so a token leaked at one provider
 * is useless at another.
 */
public final class ProviderTokenClaims {

    /** Akash allows no clock leeway, so iat and nbf lie this far in the past by default. */
    public static final Duration DEFAULT_BACKDATE = Duration.ofSeconds(60);

    /** Everything the console does at a provider; a token grants exactly these, at one provider. */
    public static final List<String> SCOPES =
            List.of("lease", "status", "shell", "events", "logs", "send-manifest", "get-manifest");

    public static final String VERSION = "v1";

    private ProviderTokenClaims() {}

    /** {@link #build(String, String, Instant, Duration, Duration)} with the default backdate. */
    public static JWTClaimsSet build(String accountAddress, String providerAddress, Instant now, Duration ttl) {
        return build(accountAddress, providerAddress, now, ttl, DEFAULT_BACKDATE);
    }

    /**
     * Claims for a token of {@code accountAddress} at {@code providerAddress}: {@code iat} and {@code nbf} are now −
     * backdate, {@code exp} is now + ttl, all whole seconds (JWT NumericDate) so what is held in memory equals what a
     * provider reads.
     *
     * @throws InvalidInputException naming {@code accountAddress} or {@code providerAddress} if either is not a valid
     *     address
     */
    public static JWTClaimsSet build(
            String accountAddress, String providerAddress, Instant now, Duration ttl, Duration backdate) {
        String issuer = checkedAddress("accountAddress", accountAddress);
        String provider = checkedAddress("providerAddress", providerAddress);
        Objects.requireNonNull(now, "now");
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A token's lifetime must be positive");
        }
        if (backdate == null || backdate.isNegative()) {
            throw new IllegalArgumentException("The backdate must not be negative");
        }
        Date issuedAt = seconds(now.minus(backdate));
        Map<String, Object> permission = new LinkedHashMap<>();
        permission.put("provider", provider);
        permission.put("access", "scoped");
        permission.put("scope", SCOPES);
        Map<String, Object> leases = new LinkedHashMap<>();
        leases.put("access", "granular");
        leases.put("permissions", List.of(permission));
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .issueTime(issuedAt)
                .notBeforeTime(issuedAt)
                .expirationTime(seconds(now.plus(ttl)))
                .claim("version", VERSION)
                .claim("leases", leases)
                .build();
    }

    private static String checkedAddress(String field, String address) {
        try {
            return CosmosAddress.parse(address).value();
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field, e.getMessage());
        }
    }

    private static Date seconds(Instant instant) {
        return Date.from(Instant.ofEpochSecond(instant.getEpochSecond()));
    }
}
