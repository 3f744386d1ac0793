package dev.pier.credentials;

import dev.pier.account.MasterKey;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.Base64;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Provider tokens in the {@code provider_tokens} table, one row per (account, provider), encrypted under the master key
 * so a database dump does not hand out live bearer tokens.
 */
class DatabaseTokenStore implements TokenStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final MasterKey masterKey;

    DatabaseTokenStore(JdbcTemplate jdbc, TransactionTemplate transactions, MasterKey masterKey) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.masterKey = masterKey;
    }

    @Override
    public void save(ProviderToken token) {
        CredentialKey key = token.key();
        String ciphertext = Base64.getEncoder()
                .encodeToString(masterKey.encrypt(token.value().getBytes(StandardCharsets.UTF_8), associatedData(key)));
        Timestamp issued = Timestamp.from(token.issuedAt());
        Timestamp expires = Timestamp.from(token.expiresAt());
        transactions.executeWithoutResult(status -> {
            int updated = jdbc.update(
                    "UPDATE provider_tokens SET token_ciphertext = ?, issued_at = ?, expires_at = ? "
                            + "WHERE account_id = ? AND provider_address = ?",
                    ciphertext,
                    issued,
                    expires,
                    key.accountId(),
                    key.providerAddress());
            if (updated == 0) {
                jdbc.update(
                        "INSERT INTO provider_tokens (account_id, provider_address, token_ciphertext, "
                                + "issued_at, expires_at) "
                                + "VALUES (?, ?, ?, ?, ?)",
                        key.accountId(),
                        key.providerAddress(),
                        ciphertext,
                        issued,
                        expires);
            }
        });
    }

    @Override
    public Optional<ProviderToken> find(CredentialKey key) {
        return jdbc
                .query(
                        "SELECT token_ciphertext, issued_at, expires_at FROM provider_tokens WHERE account_id = "
                                + "? AND provider_address = ?",
                        (rs, row) -> new ProviderToken(
                                key,
                                new String(
                                        masterKey.decrypt(
                                                Base64.getDecoder().decode(rs.getString(1)), associatedData(key)),
                                        StandardCharsets.UTF_8),
                                rs.getTimestamp(2).toInstant(),
                                rs.getTimestamp(3).toInstant()),
                        key.accountId(),
                        key.providerAddress())
                .stream()
                .findFirst();
    }

    @Override
    public void deleteIfValue(CredentialKey key, String value) {
        find(key)
                .filter(t -> t.value().equals(value))
                .ifPresent(t -> jdbc.update(
                        "DELETE FROM provider_tokens WHERE account_id = ? AND provider_address = ? AND expires_at = ?",
                        key.accountId(),
                        key.providerAddress(),
                        Timestamp.from(t.expiresAt())));
    }

    private static String associatedData(CredentialKey key) {
        return "provider-token:" + key.accountId() + ":" + key.providerAddress();
    }
}
