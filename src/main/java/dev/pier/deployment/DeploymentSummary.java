package dev.pier.deployment;

import java.time.Instant;

/** A deployment as views and the API show it. {@code state} is ACTIVE or CLOSED. */
public record DeploymentSummary(long id, long accountId, long dseq, String provider, String name, String state,
                                Instant createdAt, Instant closedAt) {

    public boolean active() {
        return "ACTIVE".equals(state);
    }
}
