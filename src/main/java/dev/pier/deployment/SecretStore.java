package dev.pier.deployment;

import dev.pier.account.MasterKey;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where a deployment's secrets are kept: each value sealed with the master key and bound to its deployment and name (a
 * sealed value copied to another row does not open). Values leave only towards the deployment's provider.
 */
@Component
class SecretStore {

    private final JdbcTemplate jdbc;
    private final MasterKey masterKey;

    SecretStore(JdbcTemplate jdbc, MasterKey masterKey) {
        this.jdbc = jdbc;
        this.masterKey = masterKey;
    }

    List<DeploymentSecret> list(long deploymentId) {
        return jdbc.query(
                "SELECT name, updated_at, updated_by FROM deployment_secrets WHERE deployment_id = ? ORDER BY name",
                (rs, row) ->
                        new DeploymentSecret(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3)),
                deploymentId);
    }

    /** Every value, opened: only for sending to the provider and for masking them in logs. */
    Map<String, String> values(long deploymentId) {
        Map<String, String> values = new LinkedHashMap<>();
        jdbc.query(
                "SELECT name, sealed_value FROM deployment_secrets WHERE deployment_id = ? ORDER BY name",
                rs -> {
                    String name = rs.getString(1);
                    values.put(
                            name,
                            new String(
                                    masterKey.decrypt(rs.getBytes(2), boundTo(deploymentId, name)),
                                    StandardCharsets.UTF_8));
                },
                deploymentId);
        return values;
    }

    /** What hides the deployment's values in the logs and events shown. */
    SecretMask mask(long deploymentId) {
        Map<String, String> values = values(deploymentId);
        return values.isEmpty() ? SecretMask.NONE : new SecretMask(values.values());
    }

    /** {@code to}, given entries with the deployment's secret values hidden (the values as they are now). */
    <T> Consumer<T> hiding(DeploymentSummary deployment, Consumer<T> to, BiFunction<SecretMask, T, T> hide) {
        SecretMask mask = mask(deployment.id());
        return mask == SecretMask.NONE ? to : entry -> to.accept(hide.apply(mask, entry));
    }

    /** Sets a value; returns whether the secret existed before. */
    boolean put(long deploymentId, String name, String value, String by, Instant at) {
        byte[] sealed = masterKey.encrypt(value.getBytes(StandardCharsets.UTF_8), boundTo(deploymentId, name));
        int updated = jdbc.update(
                "UPDATE deployment_secrets SET sealed_value = ?, updated_at = ?, updated_by = ?"
                        + " WHERE deployment_id = ? AND name = ?",
                sealed,
                Timestamp.from(at),
                by,
                deploymentId,
                name);
        if (updated == 0) {
            jdbc.update(
                    "INSERT INTO deployment_secrets (deployment_id, name, sealed_value, updated_at, updated_by)"
                            + " VALUES (?, ?, ?, ?, ?)",
                    deploymentId,
                    name,
                    sealed,
                    Timestamp.from(at),
                    by);
        }
        return updated > 0;
    }

    boolean remove(long deploymentId, String name) {
        return jdbc.update("DELETE FROM deployment_secrets WHERE deployment_id = ? AND name = ?", deploymentId, name)
                > 0;
    }

    private static String boundTo(long deploymentId, String name) {
        return "deployment " + deploymentId + " secret " + name;
    }
}
