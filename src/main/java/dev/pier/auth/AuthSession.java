package dev.pier.auth;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A persistent login. Only the token's SHA-256 is stored. */
@Entity
@Table(name = "auth_sessions")
class AuthSession {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "token_hash", nullable = false, unique = true, length = 64)
    private String tokenHash;

    @Column(name = "user_id", nullable = false)
    private long userId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private SessionKind kind;

    @Column(name = "client_info", nullable = false)
    private String clientInfo;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_used_at", nullable = false)
    private Instant lastUsedAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "absolute_expires_at", nullable = false)
    private Instant absoluteExpiresAt;

    @Column(nullable = false)
    private boolean revoked;

    protected AuthSession() {}

    AuthSession(
            String tokenHash,
            long userId,
            SessionKind kind,
            String clientInfo,
            Instant now,
            Instant expiresAt,
            Instant absoluteExpiresAt) {
        this.tokenHash = tokenHash;
        this.userId = userId;
        this.kind = kind;
        this.clientInfo = clientInfo;
        this.createdAt = now;
        this.lastUsedAt = now;
        this.expiresAt = expiresAt;
        this.absoluteExpiresAt = absoluteExpiresAt;
    }

    Long getId() {
        return id;
    }

    long getUserId() {
        return userId;
    }

    SessionKind getKind() {
        return kind;
    }

    String getClientInfo() {
        return clientInfo;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getLastUsedAt() {
        return lastUsedAt;
    }

    Instant getExpiresAt() {
        return expiresAt;
    }

    Instant getAbsoluteExpiresAt() {
        return absoluteExpiresAt;
    }

    boolean isRevoked() {
        return revoked;
    }

    void revoke() {
        this.revoked = true;
    }

    boolean isUsableAt(Instant now) {
        return !revoked && now.isBefore(expiresAt) && now.isBefore(absoluteExpiresAt);
    }
}
