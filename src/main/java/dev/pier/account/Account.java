package dev.pier.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An identity that owns deployments. Its address derives from its first key and never changes. */
@Entity
@Table(name = "accounts")
class Account {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Column(nullable = false, length = 64)
    private String name;

    @Column(nullable = false, unique = true, length = 90)
    private String address;

    @Column(name = "is_default", nullable = false)
    private boolean isDefault;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "retired_at")
    private Instant retiredAt;

    protected Account() {}

    Account(long userId, String name, String address, boolean isDefault, Instant createdAt) {
        this.userId = userId;
        this.name = name;
        this.address = address;
        this.isDefault = isDefault;
        this.createdAt = createdAt;
    }

    Long getId() {
        return id;
    }

    long getUserId() {
        return userId;
    }

    String getAddress() {
        return address;
    }

    boolean isRetired() {
        return retiredAt != null;
    }

    boolean isDefault() {
        return isDefault;
    }

    void retire(Instant now) {
        this.retiredAt = now;
        this.isDefault = false;
    }

    void setDefault(boolean isDefault) {
        this.isDefault = isDefault;
    }

    AccountSummary summary() {
        return new AccountSummary(id, userId, name, address, isDefault, createdAt);
    }
}
