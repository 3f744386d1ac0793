package dev.pier.deployment;

import dev.pier.provider.client.LeaseRef;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A deployment as views and the API show it. {@code state} is ACTIVE or CLOSED. {@code dseq} names it in this
 * installation; {@code leaseDseq} is the number of its lease at the provider (the same, but for deployments renumbered
 * when dseqs became unique across accounts). {@code closedBy} names who closed it (null while active, and for
 * deployments closed before it was recorded).
 */
public record DeploymentSummary(
        long id,
        long accountId,
        long dseq,
        String provider,
        String name,
        String state,
        Instant createdAt,
        @Nullable Instant closedAt,
        long leaseDseq,
        @Nullable String closedBy) {

    public boolean active() {
        return "ACTIVE".equals(state);
    }

    /** Its lease at the provider: one group and one order, as the console opens them. */
    public LeaseRef lease() {
        return LeaseRef.of(provider, leaseDseq);
    }
}
