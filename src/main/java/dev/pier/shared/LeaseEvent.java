package dev.pier.shared;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A lifecycle event of a lease: {@code type} is one of scheduled, started, exited, restarted, stopped, failed.
 * {@code exitCode} is set for exited.
 */
public record LeaseEvent(
        long seq,
        Instant ts,
        String service,
        int replica,
        String type,
        String message,
        @Nullable Integer exitCode) implements Sequenced {}
