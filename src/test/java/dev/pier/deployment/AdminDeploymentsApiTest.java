package dev.pier.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.test.ApiClient;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.TestDeployments;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Administrators list every user's deployments, filtered; users are refused the route. */
@PierIntegrationTest
class AdminDeploymentsApiTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers testUsers;

    @Autowired
    TestDeployments testDeployments;

    @Autowired
    DeploymentService deployments;

    @Autowired
    ProviderTestSupport provider;

    @Autowired
    ObjectMapper json;

    @Autowired
    MutableClock clock;

    ApiClient api;

    @BeforeEach
    void api() {
        api = new ApiClient(port, json);
    }

    @BeforeEach
    void now() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void an_administrator_sees_every_owners_deployments_filtered_and_a_user_is_refused() throws Exception {
        UserSummary alice = testUsers.create("alice", Role.USER);
        UserSummary bob = testUsers.create("bob", Role.USER);
        DeploymentSummary ofAlice = testDeployments.idle(alice, "alpha-" + alice.id());
        DeploymentSummary ofBob = testDeployments.idle(bob, "beta-" + bob.id());
        deployments.close(bob.id(), ofBob.dseq());
        String admin = api.login(PierIntegrationTest.ADMIN, PierIntegrationTest.ADMIN_PASSWORD);
        try {
            JsonNode mine = api.get("/api/v1/admin/deployments?owner=" + alice.username(), admin);
            assertThat(mine).hasSize(1);
            assertThat(mine.get(0).get("owner").asText()).isEqualTo(alice.username());
            assertThat(mine.get(0).get("account").asText()).isEqualTo("default");
            assertThat(mine.get(0).get("deployment").get("dseq").asLong()).isEqualTo(ofAlice.dseq());

            JsonNode closed = api.get("/api/v1/admin/deployments?state=closed&name=beta-" + bob.id(), admin);
            assertThat(closed)
                    .extracting(d -> d.get("deployment").get("dseq").asLong())
                    .containsExactly(ofBob.dseq());
            assertThat(api.get("/api/v1/admin/deployments?state=active&owner=" + bob.username(), admin))
                    .isEmpty();
            assertThat(api.get(
                            "/api/v1/admin/deployments?provider="
                                    + provider.provider().address() + "&name=" + ofAlice.dseq(),
                            admin))
                    .hasSize(1);
            assertThat(api.get("/api/v1/admin/deployments?owner=nobody-at-all", admin))
                    .isEmpty();

            HttpResponse<String> badState = api.send("GET", "/api/v1/admin/deployments?state=sleeping", admin, null);
            assertThat(badState.statusCode()).isEqualTo(400);
            assertThat(badState.body()).contains("state: Use state=active or state=closed");

            String user = api.login(alice.username(), TestUsers.PASSWORD);
            assertThat(api.send("GET", "/api/v1/admin/deployments", user, null).statusCode())
                    .isEqualTo(403);
        } finally {
            deployments.close(alice.id(), ofAlice.dseq());
        }
    }
}
