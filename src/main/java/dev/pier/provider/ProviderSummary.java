package dev.pier.provider;

import java.time.Instant;

/** A registered provider as other features see it. */
public record ProviderSummary(long id, String address, String name, String hostUri, Instant createdAt) {}
