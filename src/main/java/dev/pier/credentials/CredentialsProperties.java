package dev.pier.credentials;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Provider token settings.
 *
 * @param tokenTtl lifetime of a provider token
 * @param refreshSkew a token counts as expired this long before its exp
 * @param backdate iat and nbf are set this far in the past, because Akash providers allow no clock leeway
 * @param cacheSize most (account, provider) tokens kept in memory
 * @param retry how token generation is retried before the error is reported
 */
@ConfigurationProperties("pier.credentials")
public record CredentialsProperties(
        @DefaultValue("30m") Duration tokenTtl,
        @DefaultValue("60s") Duration refreshSkew,
        @DefaultValue("60s") Duration backdate,
        @DefaultValue("10000") int cacheSize,
        @DefaultValue Retry retry) {

    /**
     * @param maxAttempts attempts in all, the first included
     * @param initialBackoff wait after the first failure
     * @param multiplier each further wait is this many times the previous one
     * @param maxBackoff the longest single wait
     */
    public record Retry(
            @DefaultValue("4") int maxAttempts,
            @DefaultValue("500ms") Duration initialBackoff,
            @DefaultValue("2.0") double multiplier,
            @DefaultValue("5s") Duration maxBackoff) {}
}
