package dev.pier.alert;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.test.ApiClient;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** One problem, however often: one row counting up, one ERROR line, every occurrence in the metric. */
@PierIntegrationTest
class AlertsTest {

    @LocalServerPort
    int port;

    @Autowired
    Alerts alerts;

    @Autowired
    MeterRegistry meters;

    @Autowired
    MutableClock clock;

    @Autowired
    TestUsers testUsers;

    @Autowired
    ObjectMapper json;

    ApiClient api;

    @BeforeEach
    void api() {
        api = new ApiClient(port, json);
    }

    @Test
    void a_repeat_counts_up_without_logging_again_and_an_administrator_acknowledges_it() throws Exception {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        String provider =
                "akash1" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger logger = (Logger) LoggerFactory.getLogger(Alerts.class);
        logger.addAppender(logged);
        double before = raisedCount();
        long unacknowledged = alerts.unacknowledgedCount();
        try {
            AlertSummary first = alerts.raise(AlertKind.CREDENTIALS_REFUSED, 7L, provider, "401", "refused once");
            Instant firstSeen = clock.instant();
            clock.set(firstSeen.plusSeconds(60));
            for (int i = 0; i < 5; i++) {
                alerts.raise(AlertKind.CREDENTIALS_REFUSED, 7L, provider, "401", "refused again");
            }
            AlertSummary other = alerts.raise(AlertKind.CREDENTIALS_REFUSED, 8L, provider, "401", "another account");

            AlertSummary stored = testUsers.asAdmin(() -> alerts.list()).stream()
                    .filter(a -> a.id() == first.id())
                    .findFirst()
                    .orElseThrow();
            assertThat(stored.count()).isEqualTo(6);
            assertThat(stored.firstSeen()).isEqualTo(firstSeen);
            assertThat(stored.lastSeen()).isEqualTo(firstSeen.plusSeconds(60));
            assertThat(other.id()).as("another fingerprint, another alert").isNotEqualTo(first.id());
            assertThat(logged.list.stream()
                            .filter(e -> e.getLevel() == Level.ERROR)
                            .filter(e -> e.getFormattedMessage().contains(provider)))
                    .as("logged once per fingerprint")
                    .hasSize(2);
            assertThat(raisedCount() - before).isEqualTo(7);
            assertThat(alerts.unacknowledgedCount()).isEqualTo(unacknowledged + 2);

            String admin = api.login(PierIntegrationTest.ADMIN, PierIntegrationTest.ADMIN_PASSWORD);
            String user = api.login(testUsers.create("alerted", Role.USER).username(), TestUsers.PASSWORD);
            assertThat(api.send("GET", "/api/v1/admin/alerts", user, null).statusCode())
                    .isEqualTo(403);
            assertThat(api.send("POST", "/api/v1/admin/alerts/" + first.id() + "/acknowledge", user, null)
                            .statusCode())
                    .isEqualTo(403);
            HttpResponse<String> acknowledged =
                    api.send("POST", "/api/v1/admin/alerts/" + first.id() + "/acknowledge", admin, null);
            assertThat(acknowledged.statusCode()).as(acknowledged.body()).isEqualTo(200);
            assertThat(json.readTree(acknowledged.body()).get("acknowledgedBy").asText())
                    .isEqualTo(PierIntegrationTest.ADMIN);
            JsonNode list = json.readTree(
                    api.send("GET", "/api/v1/admin/alerts", admin, null).body());
            assertThat(list).anySatisfy(a -> {
                assertThat(a.get("id").asLong()).isEqualTo(first.id());
                assertThat(a.get("count").asLong()).isEqualTo(6);
            });
            assertThat(alerts.unacknowledgedCount()).isEqualTo(unacknowledged + 1);
            assertThat(api.send("POST", "/api/v1/admin/alerts/999999/acknowledge", admin, null)
                            .statusCode())
                    .isEqualTo(400);

            alerts.raise(AlertKind.CREDENTIALS_REFUSED, 7L, provider, "401", "back again");
            assertThat(alerts.unacknowledgedCount())
                    .as("a repeat needs an administrator again")
                    .isEqualTo(unacknowledged + 2);
        } finally {
            logger.detachAppender(logged);
        }
    }

    private double raisedCount() {
        var counter = meters.find("pier.alerts.raised")
                .tag("kind", "CREDENTIALS_REFUSED")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
