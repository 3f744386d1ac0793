package dev.pier.provider;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.account.AccountService;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.providerapp.ProviderApplication;
import dev.pier.test.ApiClient;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Administrators register a second provider by its host URI, rename it and remove it (refused while it has active
 * deployments); users may list providers but change none of them.
 */
@PierIntegrationTest
class ProviderRegistrationApiTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers testUsers;

    @Autowired
    ObjectMapper json;

    @Autowired
    DeploymentService deployments;

    @Autowired
    AccountService accounts;

    @TempDir
    Path dataDir;

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
    void an_administrator_registers_renames_and_removes_a_provider_a_user_cannot() throws Exception {
        String admin = api.login(PierIntegrationTest.ADMIN, PierIntegrationTest.ADMIN_PASSWORD);
        UserSummary user = testUsers.create("tenant", Role.USER);
        String tenant = api.login(user.username(), TestUsers.PASSWORD);
        try (ConfigurableApplicationContext second = ProviderApplication.start(
                true,
                "--server.port=0",
                "--pier.provider.console-url=http://127.0.0.1:" + port,
                "--pier.provider.data-dir=" + dataDir,
                "--pier.provider.name=second")) {
            String url = "http://127.0.0.1:"
                    + ((WebServerApplicationContext) second).getWebServer().getPort();
            String body = "{\"hostUri\":\"" + url + "\"}";

            assertThat(api.send("POST", "/api/v1/providers", tenant, body).statusCode())
                    .isEqualTo(403);

            HttpResponse<String> created = api.send("POST", "/api/v1/providers", admin, body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            JsonNode registered = json.readTree(created.body());
            String address = registered.get("address").asText();
            assertThat(registered.get("name").asText())
                    .as("the provider's own name")
                    .isEqualTo("second");
            assertThat(registered.get("online").asBoolean()).isTrue();
            assertThat(registered.get("hostUri").asText()).isEqualTo(url);

            HttpResponse<String> again = api.send("POST", "/api/v1/providers", admin, body);
            assertThat(again.statusCode()).isEqualTo(400);
            assertThat(json.readTree(again.body()).get("message").asText()).startsWith("hostUri: ");
            assertThat(again.body()).contains("registered already as 'second'");

            assertThat(api.send("PUT", "/api/v1/providers/" + address, tenant, "{\"name\":\"mine\"}")
                            .statusCode())
                    .isEqualTo(403);
            HttpResponse<String> renamed =
                    api.send("PUT", "/api/v1/providers/" + address, admin, "{\"name\":\"Second region\"}");
            assertThat(renamed.statusCode()).as(renamed.body()).isEqualTo(200);
            assertThat(json.readTree(
                            api.send("GET", "/api/v1/providers", tenant, null).body()))
                    .anySatisfy(p -> assertThat(p.get("name").asText()).isEqualTo("Second region"));

            DeploymentSummary there = deployments.create(
                    user.id(),
                    user.username(),
                    accounts.defaultAccountOf(user.id()).id(),
                    address,
                    "on the second",
                    """
                            version: "1"
                            services:
                              app:
                                command: ["sh", "-c", "sleep 100000"]
                            """,
                    step -> {});
            assertThat(api.send("DELETE", "/api/v1/providers/" + address, tenant, null)
                            .statusCode())
                    .isEqualTo(403);
            HttpResponse<String> refused = api.send("DELETE", "/api/v1/providers/" + address, admin, null);
            assertThat(refused.statusCode()).isEqualTo(400);
            assertThat(refused.body()).contains("has 1 active deployment").contains("close it");

            deployments.close(user.id(), there.dseq());
            assertThat(api.send("DELETE", "/api/v1/providers/" + address, admin, null)
                            .statusCode())
                    .isEqualTo(204);
            assertThat(api.send("GET", "/api/v1/providers", admin, null).body()).doesNotContain(address);
        }
    }

    @Test
    void a_host_that_is_no_provider_is_refused_with_the_field_and_the_next_step() throws Exception {
        String admin = api.login(PierIntegrationTest.ADMIN, PierIntegrationTest.ADMIN_PASSWORD);
        HttpResponse<String> unreachable =
                api.send("POST", "/api/v1/providers", admin, "{\"hostUri\":\"http://127.0.0.1:9\"}");
        assertThat(unreachable.statusCode()).isEqualTo(400);
        JsonNode error = json.readTree(unreachable.body());
        assertThat(error.get("message").asText())
                .startsWith("hostUri: ")
                .contains("could not read http://127.0.0.1:9/status");
        assertThat(error.get("action").asText()).contains("hostUri");

        HttpResponse<String> notAProvider =
                api.send("POST", "/api/v1/providers", admin, "{\"hostUri\":\"http://127.0.0.1:" + port + "\"}");
        assertThat(notAProvider.statusCode()).isEqualTo(400);
        assertThat(notAProvider.body()).contains("hostUri");

        HttpResponse<String> notAUrl = api.send("POST", "/api/v1/providers", admin, "{\"hostUri\":\"ftp://x\"}");
        assertThat(notAUrl.statusCode()).isEqualTo(400);
        assertThat(json.readTree(notAUrl.body()).get("message").asText()).startsWith("hostUri: ");
    }
}
