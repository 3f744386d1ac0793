package dev.pier.deployment;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the Logs and Events tabs hold a stream.
 *
 * @param bufferLines lines a pane keeps in the browser's scrollback, where Find searches (older ones drop off; the
 *     server keeps none, and the download always has every line)
 * @param maxLinesPerSecond lines pushed to one browser tab per second at most; a flood beyond it is shown with a "lines
 *     skipped" marker instead of falling ever further behind
 * @param retentionAfterClose how long a closed deployment's log and events stay readable and downloadable (the console
 *     keeps them from the moment it closes the lease)
 */
@ConfigurationProperties("pier.logs")
public record LogViewProperties(
        @DefaultValue("50000") int bufferLines,
        @DefaultValue("40000") int maxLinesPerSecond,
        @DefaultValue("7d") Duration retentionAfterClose) {

    public LogViewProperties {
        if (bufferLines < 100 || bufferLines > 1_000_000) {
            throw new IllegalArgumentException(
                    "pier.logs.buffer-lines must be between 100 and 1000000, not " + bufferLines);
        }
        if (retentionAfterClose.isNegative()) {
            throw new IllegalArgumentException(
                    "pier.logs.retention-after-close must not be negative, not " + retentionAfterClose);
        }
        if (maxLinesPerSecond < 100) {
            throw new IllegalArgumentException(
                    "pier.logs.max-lines-per-second must be at least 100, not " + maxLinesPerSecond);
        }
    }
}
