package dev.pier.account;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One signing key of an account. The private key is stored only as AES-GCM ciphertext under the master key; a retired
 * key no longer signs but stays published until every token it signed has expired.
 */
@Entity
@Table(name = "account_keys")
class AccountKey {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "account_id", nullable = false)
    private long accountId;

    @Column(nullable = false, unique = true, length = 64)
    private String kid;

    @Column(name = "public_key", nullable = false, length = 66)
    private String publicKey;

    @Column(name = "private_key_ciphertext", nullable = false)
    private String privateKeyCiphertext;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "retired_at")
    private Instant retiredAt;

    @Column(name = "published_until")
    private Instant publishedUntil;

    protected AccountKey() {}

    AccountKey(long accountId, String kid, String publicKey, String privateKeyCiphertext, Instant createdAt) {
        this.accountId = accountId;
        this.kid = kid;
        this.publicKey = publicKey;
        this.privateKeyCiphertext = privateKeyCiphertext;
        this.createdAt = createdAt;
    }

    long getAccountId() {
        return accountId;
    }

    String getKid() {
        return kid;
    }

    String getPublicKey() {
        return publicKey;
    }

    String getPrivateKeyCiphertext() {
        return privateKeyCiphertext;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getRetiredAt() {
        return retiredAt;
    }

    Instant getPublishedUntil() {
        return publishedUntil;
    }

    boolean isActive() {
        return retiredAt == null;
    }

    /** Out of the key registry now: its account is retired, so not even tokens it signed a moment ago may work. */
    void withdraw(Instant now) {
        if (retiredAt == null) {
            retiredAt = now;
        }
        publishedUntil = now;
    }

    void retire(Instant now, Instant publishedUntil) {
        this.retiredAt = now;
        this.publishedUntil = publishedUntil;
    }

    AccountKeyInfo info() {
        return new AccountKeyInfo(kid, publicKey, createdAt, retiredAt, publishedUntil);
    }
}
