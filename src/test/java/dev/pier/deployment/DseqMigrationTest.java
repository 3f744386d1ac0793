package dev.pier.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The migration to installation-wide dseqs, from a database where two accounts' deployments shared dseqs (as the
 * per-account numbering made them): every deployment stays, each gets its own dseq, and each keeps the number its lease
 * has at the provider. On H2 always, on PostgreSQL where .ci/run provides one.
 */
class DseqMigrationTest {

    @Test
    void colliding_dseqs_become_unique_and_keep_their_leases_on_h2() throws Exception {
        migrateWithCollisions("jdbc:h2:mem:dseq-migration;DB_CLOSE_DELAY=-1", null);
    }

    @Test
    void colliding_dseqs_become_unique_and_keep_their_leases_on_postgresql() throws Exception {
        String url = System.getenv("PIER_TEST_POSTGRES_URL");
        assumeTrue(
                url != null && !url.isBlank(),
                "Skipped: set PIER_TEST_POSTGRES_URL to run it on PostgreSQL; .ci/run does.");
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS pier_dseq_test CASCADE");
        }
        migrateWithCollisions(url, "pier_dseq_test");
    }

    private static void migrateWithCollisions(String url, String schema) throws Exception {
        var config = Flyway.configure().dataSource(url, null, null).locations("classpath:db/migration");
        if (schema != null) {
            config.schemas(schema);
        }
        config.target("3").load().migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            if (schema != null) {
                c.setSchema(schema);
            }
            var s = c.createStatement();
            String now = "TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00'";
            s.execute("INSERT INTO users (username, password_hash, role, enabled, created_at) VALUES ('u', 'x', "
                    + "'USER', TRUE, "
                    + now + ")");
            for (String account : List.of("a", "b")) {
                s.execute("INSERT INTO accounts (user_id, name, address, is_default, created_at) SELECT id, '" + account
                        + "', 'akash1" + account + "', FALSE, " + now + " FROM users");
            }
            // Both accounts have 1000 and 1001; account a also has 1002.
            for (String[] row :
                    new String[][] {{"a", "1000"}, {"b", "1000"}, {"a", "1001"}, {"b", "1001"}, {"a", "1002"}}) {
                s.execute("INSERT INTO deployments (account_id, dseq, provider_address, name, state, created_at) "
                        + "SELECT id, "
                        + row[1] + ", 'akash1provider', 'd', 'ACTIVE', " + now + " FROM accounts WHERE name = '"
                        + row[0] + "'");
            }
        }
        Flyway.configure()
                .dataSource(url, null, null)
                .locations("classpath:db/migration")
                .schemas(schema == null ? new String[0] : new String[] {schema})
                .load()
                .migrate();
        try (Connection c = DriverManager.getConnection(url)) {
            if (schema != null) {
                c.setSchema(schema);
            }
            List<long[]> rows = new ArrayList<>();
            ResultSet rs = c.createStatement().executeQuery("SELECT dseq, lease_dseq FROM deployments ORDER BY id");
            while (rs.next()) {
                rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
            }
            assertThat(rows).hasSize(5);
            assertThat(rows.stream().map(r -> r[0]).distinct()).hasSize(5);
            assertThat(rows.stream().map(r -> r[1]).toList()).containsExactly(1000L, 1000L, 1001L, 1001L, 1002L);
            assertThat(rows.get(0)[0]).isEqualTo(1000L);
            ResultSet next = c.createStatement().executeQuery("SELECT next_dseq FROM dseq_allocator WHERE id = 1");
            assertThat(next.next()).isTrue();
            assertThat(next.getLong(1))
                    .isGreaterThan(rows.stream().mapToLong(r -> r[0]).max().orElseThrow());
            // The constraint holds from now on.
            var duplicate = c.createStatement();
            Assertions.assertThatThrownBy(() -> duplicate.execute(
                            "INSERT INTO deployments (account_id, dseq, lease_dseq, provider_address, "
                                    + "name, state, created_at) "
                                    + "SELECT id, 1000, 1000, 'p', 'd', 'ACTIVE', created_at FROM "
                                    + "accounts WHERE name = 'b'"))
                    .isInstanceOf(SQLException.class);
        }
    }
}
