package dev.pier.deployment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A manifest deployed on a provider through one lease of an account. */
@Entity
@Table(name = "deployments")
class Deployment {

    enum State {
        ACTIVE,
        CLOSED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_id", nullable = false)
    private long accountId;

    @Column(nullable = false)
    private long dseq;

    /**
     * The number the provider knows the lease by: the dseq, except for deployments renumbered when dseqs became unique.
     */
    @Column(name = "lease_dseq", nullable = false)
    private long leaseDseq;

    @Column(name = "provider_address", nullable = false, length = 90)
    private String providerAddress;

    @Column(nullable = false, length = 64)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private State state;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "closed_at")
    private Instant closedAt;

    @Column(name = "closed_by", length = 64)
    private String closedBy;

    protected Deployment() {}

    Deployment(long accountId, long dseq, String providerAddress, String name, Instant createdAt) {
        this.accountId = accountId;
        this.dseq = dseq;
        this.leaseDseq = dseq;
        this.providerAddress = providerAddress;
        this.name = name;
        this.state = State.ACTIVE;
        this.createdAt = createdAt;
    }

    Long getId() {
        return id;
    }

    long getAccountId() {
        return accountId;
    }

    long getDseq() {
        return dseq;
    }

    String getProviderAddress() {
        return providerAddress;
    }

    boolean isActive() {
        return state == State.ACTIVE;
    }

    void close(Instant now, String by) {
        this.state = State.CLOSED;
        this.closedAt = now;
        this.closedBy = by;
    }

    DeploymentSummary summary() {
        return new DeploymentSummary(
                id, accountId, dseq, providerAddress, name, state.name(), createdAt, closedAt, leaseDseq, closedBy);
    }
}
