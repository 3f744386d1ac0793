package dev.pier.base;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The lease warmer: refreshes provider health and the status of active leases in the background, so lists render
 * without a provider call (the provider directory and the deployment list both read what it keeps).
 *
 * @param enabled whether the warmer runs at all
 * @param interval time between two passes
 * @param concurrency providers asked at the same time (each provider's leases are asked one after another)
 * @param activeWithin only the leases of owners who used Pier within this time are warmed
 */
@ConfigurationProperties("pier.warmer")
public record WarmerProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("30s") Duration interval,
        @DefaultValue("4") int concurrency,
        @DefaultValue("1h") Duration activeWithin) {

    public WarmerProperties {
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("pier.warmer.interval must be at least 1s, not " + interval);
        }
        if (concurrency < 1 || concurrency > 64) {
            throw new IllegalArgumentException("pier.warmer.concurrency must be between 1 and 64, not " + concurrency);
        }
        if (activeWithin.isNegative() || activeWithin.isZero()) {
            throw new IllegalArgumentException("pier.warmer.active-within must be positive, not " + activeWithin);
        }
    }
}
