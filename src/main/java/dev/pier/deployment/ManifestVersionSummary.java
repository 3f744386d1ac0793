package dev.pier.deployment;

import java.time.Instant;

/** An applied manifest: its number, text, and who applied it when. */
public record ManifestVersionSummary(int version, String yaml, String appliedBy, Instant appliedAt) {}
