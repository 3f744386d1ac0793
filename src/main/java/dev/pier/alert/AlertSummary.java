package dev.pier.alert;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** An alert as views and the API show it. */
public record AlertSummary(
        long id,
        AlertKind kind,
        @Nullable Long accountId,
        @Nullable String provider,
        String status,
        String message,
        Instant firstSeen,
        Instant lastSeen,
        long count,
        @Nullable Instant acknowledgedAt,
        @Nullable String acknowledgedBy) {

    public boolean acknowledged() {
        return acknowledgedAt != null;
    }
}
