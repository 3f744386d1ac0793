package dev.pier.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.base.UnavailableException;
import dev.pier.test.ApiClient;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.PageRequest;
import org.springframework.jdbc.core.JdbcTemplate;

/** Administrator actions leave who, what, target and when; only administrators read them; old ones go. */
@PierIntegrationTest
class AuditLogTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers testUsers;

    @Autowired
    UserService users;

    @Autowired
    AuditLog audit;

    @Autowired
    MutableClock clock;

    @Autowired
    ObjectMapper json;

    @Autowired
    JdbcTemplate jdbc;

    ApiClient api;

    @BeforeEach
    void api() {
        api = new ApiClient(port, json);
    }

    @BeforeEach
    @AfterEach
    void now() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void an_administrators_change_to_a_user_is_recorded_and_only_administrators_read_it() throws Exception {
        UserSummary target = testUsers.create("audited", Role.USER);
        Instant before = clock.instant();
        testUsers.asAdmin(() -> users.setEnabled(target.id(), false));

        String admin = api.login(PierIntegrationTest.ADMIN, PierIntegrationTest.ADMIN_PASSWORD);
        HttpResponse<String> events =
                api.send("GET", "/api/v1/admin/audit?action=USER_DISABLED&since=" + before, admin, null);
        assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
        JsonNode entry = json.readTree(events.body()).get(0);
        assertThat(entry.get("actor").asText()).isEqualTo("test-admin");
        assertThat(entry.get("action").asText()).isEqualTo("USER_DISABLED");
        assertThat(entry.get("target").asText()).isEqualTo("user " + target.username());
        assertThat(Instant.parse(entry.get("at").asText())).isEqualTo(clock.instant());
        assertThat(json.readTree(api.send("GET", "/api/v1/admin/audit?actor=test-admin&since=" + before, admin, null)
                        .body()))
                .extracting(e -> e.get("action").asText())
                .contains("USER_DISABLED");

        UserSummary someone = testUsers.create("reader", Role.USER);
        assertThat(api.send("GET", "/api/v1/admin/audit", api.login(someone.username(), TestUsers.PASSWORD), null)
                        .statusCode())
                .isEqualTo(403);
        HttpResponse<String> badAction = api.send("GET", "/api/v1/admin/audit?action=EVERYTHING", admin, null);
        assertThat(badAction.statusCode()).isEqualTo(400);
        assertThat(badAction.body()).contains("action");
    }

    @Test
    void events_older_than_the_retention_are_deleted_and_newer_ones_stay() {
        testUsers.asAdmin(() -> {
            audit.record(AuditAction.PROVIDER_CHANGED, "provider old", "long ago");
            return null;
        });
        clock.set(clock.instant().plus(Duration.ofDays(91)));
        testUsers.asAdmin(() -> {
            audit.record(AuditAction.PROVIDER_CHANGED, "provider new", "today");
            return null;
        });
        assertThat(audit.purge()).isGreaterThanOrEqualTo(1);
        var left = testUsers
                .asAdmin(() -> audit.search(null, AuditAction.PROVIDER_CHANGED, null, PageRequest.of(0, 500)))
                .getContent();
        assertThat(left).extracting(AuditEntry::target).contains("provider new").doesNotContain("provider old");
    }

    @Test
    void an_action_the_audit_log_cannot_record_does_not_happen() {
        UserSummary target = testUsers.create("unrecorded", Role.USER);
        jdbc.execute("ALTER TABLE audit_events RENAME TO audit_events_away");
        try {
            assertThatThrownBy(() -> testUsers.asAdmin(() -> users.setEnabled(target.id(), false)))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessageContaining("could not record USER_DISABLED of user " + target.username())
                    .hasMessageContaining("so it was not done");
        } finally {
            jdbc.execute("ALTER TABLE audit_events_away RENAME TO audit_events");
        }
        assertThat(testUsers
                        .asAdmin(() -> users.list(target.username(), PageRequest.of(0, 5)))
                        .getContent())
                .singleElement()
                .satisfies(u -> assertThat(u.enabled()).as("still enabled").isTrue());
    }
}
