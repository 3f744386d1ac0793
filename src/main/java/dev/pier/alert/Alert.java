package dev.pier.alert;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One problem, however often it recurs: the same fingerprint counts up instead of adding rows. */
@Entity
@Table(name = "alerts")
class Alert {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true, length = 300)
    private String fingerprint;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 40)
    private AlertKind kind;

    @Column(name = "account_id")
    private @Nullable Long accountId;

    @Column(name = "provider_address", length = 90)
    private @Nullable String providerAddress;

    @Column(nullable = false, length = 60)
    private String status;

    @Column(nullable = false, length = 1000)
    private String message;

    @Column(name = "first_seen", nullable = false)
    private Instant firstSeen;

    @Column(name = "last_seen", nullable = false)
    private Instant lastSeen;

    @Column(nullable = false)
    private long occurrences;

    @Column(name = "acknowledged_at")
    private @Nullable Instant acknowledgedAt;

    @Column(name = "acknowledged_by", length = 64)
    private @Nullable String acknowledgedBy;

    protected Alert() {}

    Alert(
            String fingerprint,
            AlertKind kind,
            @Nullable Long accountId,
            @Nullable String providerAddress,
            String status,
            String message,
            Instant at) {
        this.fingerprint = fingerprint;
        this.kind = kind;
        this.accountId = accountId;
        this.providerAddress = providerAddress;
        this.status = status;
        this.message = message;
        this.firstSeen = at;
        this.lastSeen = at;
        this.occurrences = 1;
    }

    /** The same problem again: counted, and back among the unacknowledged if it had been acknowledged. */
    void recur(String newMessage, Instant at) {
        occurrences++;
        lastSeen = at;
        message = newMessage;
        acknowledgedAt = null;
        acknowledgedBy = null;
    }

    void acknowledge(String by, Instant at) {
        acknowledgedAt = at;
        acknowledgedBy = by;
    }

    AlertSummary summary() {
        return new AlertSummary(
                id,
                kind,
                accountId,
                providerAddress,
                status,
                message,
                firstSeen,
                lastSeen,
                occurrences,
                acknowledgedAt,
                acknowledgedBy);
    }
}
