package dev.pier.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The Flyway migrations on a real PostgreSQL. `.ci/run` starts one and sets PIER_TEST_POSTGRES_URL; elsewhere the test
 * is skipped with a message.
 */
class PostgresMigrationTest {

    private static final String SCHEMA = "pier_migration_test";

    @Test
    void the_migrations_and_the_slide_statement_run_on_postgresql() throws Exception {
        String url = System.getenv("PIER_TEST_POSTGRES_URL");
        assumeTrue(
                url != null && !url.isBlank(),
                "Skipped: set PIER_TEST_POSTGRES_URL (e.g. "
                        + "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres) to run the migrations on "
                        + "PostgreSQL; .ci/run does.");
        try (Connection c = DriverManager.getConnection(url)) {
            c.createStatement().execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
        Flyway flyway = Flyway.configure()
                .dataSource(url, null, null)
                .schemas(SCHEMA)
                .locations("classpath:db/migration")
                .load();

        assertThat(flyway.migrate().success).isTrue();
        flyway.validate();

        try (Connection c = DriverManager.getConnection(url)) {
            c.setSchema(SCHEMA);
            Timestamp now = Timestamp.from(Instant.parse("2026-01-01T00:00:00Z"));
            c.createStatement()
                    .execute("INSERT INTO users (username, password_hash, role, enabled, created_at) "
                            + "VALUES ('pg', 'x', 'USER', TRUE, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')");
            c.createStatement()
                    .execute("INSERT INTO auth_sessions (token_hash, user_id, kind, client_info, created_at, "
                            + "last_used_at, "
                            + "expires_at, absolute_expires_at, revoked) SELECT 'h', id, 'API', 'test', "
                            + "created_at, created_at, "
                            + "created_at + INTERVAL '30 days', created_at + INTERVAL '90 days', FALSE "
                            + "FROM users WHERE username = 'pg'");
            // The statement Hibernate generates for the slide, in portable SQL.
            PreparedStatement slide =
                    c.prepareStatement("UPDATE auth_sessions SET last_used_at = ?, expires_at = CASE WHEN "
                            + "absolute_expires_at < ? THEN absolute_expires_at ELSE ? END WHERE token_hash = ? "
                            + "AND revoked = FALSE "
                            + "AND expires_at > ? AND absolute_expires_at > ? AND last_used_at <= ?");
            Timestamp later = Timestamp.from(now.toInstant().plusSeconds(7200));
            Timestamp idle = Timestamp.from(later.toInstant().plusSeconds(30L * 86400));
            slide.setTimestamp(1, later);
            slide.setTimestamp(2, idle);
            slide.setTimestamp(3, idle);
            slide.setString(4, "h");
            slide.setTimestamp(5, later);
            slide.setTimestamp(6, later);
            slide.setTimestamp(7, Timestamp.from(later.toInstant().minusSeconds(3600)));
            assertThat(slide.executeUpdate()).isEqualTo(1);
            slide.setString(4, "unknown");
            assertThat(slide.executeUpdate()).isZero();
        }
    }
}
