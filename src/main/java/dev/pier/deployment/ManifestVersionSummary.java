package dev.pier.deployment;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An applied manifest: its number, text, who applied it when, and what it did when it was not a plain edit ("scaled web
 * to 3", "restarted web"; null for an edit).
 */
public record ManifestVersionSummary(
        int version,
        String yaml,
        String appliedBy,
        Instant appliedAt,
        @Nullable String change) {}
