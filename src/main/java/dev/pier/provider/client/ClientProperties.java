package dev.pier.provider.client;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the console talks to providers.
 *
 * @param rotationWindow token rotations of one stream are counted over this window…
 * @param rotationLimit …and past this many in the window the stream ends with a visible closed state
 * @param manifestAttempts attempts to send a manifest while the provider does not see the lease yet (noLease)
 * @param manifestBackoff wait after the first noLease; doubled after each further one
 * @param reconnectInitial first wait before reconnecting a dropped stream; doubled up to reconnectMax, with jitter
 * @param reconnectMax the longest wait between reconnects
 * @param shellQueueLimit keystroke frames kept while a shell reconnects; the oldest are dropped past it
 * @param connectTimeout connect and request timeout of provider calls
 * @param pingInterval how often a live stream pings the provider
 * @param stallAfter a live stream that heard nothing (no frame, no pong) for this long shows as stalled
 */
@ConfigurationProperties("pier.client")
public record ClientProperties(
        @DefaultValue("60s") Duration rotationWindow,
        @DefaultValue("3") int rotationLimit,
        @DefaultValue("3") int manifestAttempts,
        @DefaultValue("1s") Duration manifestBackoff,
        @DefaultValue("500ms") Duration reconnectInitial,
        @DefaultValue("30s") Duration reconnectMax,
        @DefaultValue("256") int shellQueueLimit,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("5s") Duration pingInterval,
        @DefaultValue("12s") Duration stallAfter) {}
