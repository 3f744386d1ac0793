package dev.pier.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings for several consoles on one database.
 *
 * @param lockTimeToLive how long a lock held by an instance that died blocks the others
 * @param signalInterval how often an instance reads the sign-outs the others recorded
 * @param signalRetention how long a recorded sign-out is kept
 */
@ConfigurationProperties("pier.cluster")
public record ClusterProperties(
        @DefaultValue("30s") Duration lockTimeToLive,
        @DefaultValue("2s") Duration signalInterval,
        @DefaultValue("1h") Duration signalRetention) {}
