package dev.pier.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.account.AccountService;
import dev.pier.base.InvalidInputException;
import dev.pier.manifest.ManifestParser;
import dev.pier.test.ApiClient;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Deployments over the REST API, on the real embedded provider. */
@PierIntegrationTest
class DeploymentApiTest {

    static final String MANIFEST =
            "version: \"1\"\nservices:\n  app:\n    command: [\"sh\", \"-c\", \"while true; do echo hi; sleep "
                    + "1; done\"]\n";

    @LocalServerPort
    int port;

    @Autowired
    TestUsers testUsers;

    @Autowired
    ProviderTestSupport provider;

    @Autowired
    ObjectMapper json;

    @Autowired
    MutableClock clock;

    final HttpClient http = HttpClient.newHttpClient();
    String session;

    @BeforeEach
    void login() throws Exception {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        session = tokenOf(testUsers.create("deployer", Role.USER));
    }

    private String tokenOf(UserSummary user) throws Exception {
        return new ApiClient(port, json).login(user.username(), TestUsers.PASSWORD);
    }

    HttpResponse<String> send(String method, String path, String type, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", type);
        if (session != null) {
            request.header("Authorization", "Bearer " + session);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String createBody(String manifest) throws Exception {
        return json.writeValueAsString(
                Map.of("provider", provider.provider().address(), "name", "api app", "manifest", manifest));
    }

    @Test
    void create_list_update_and_close_a_deployment() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/deployments", "application/json", createBody(MANIFEST));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode deployment = json.readTree(created.body());
        long dseq = deployment.get("dseq").asLong();
        assertThat(dseq).isGreaterThanOrEqualTo(1000);
        assertThat(deployment.get("state").asText()).isEqualTo("ACTIVE");

        JsonNode list = json.readTree(
                send("GET", "/api/v1/deployments", "application/json", null).body());
        assertThat(list).anySatisfy(d -> assertThat(d.get("dseq").asLong()).isEqualTo(dseq));

        String second = MANIFEST.replace("echo hi", "echo hello");
        HttpResponse<String> updated =
                send("PUT", "/api/v1/deployments/" + dseq + "/manifest", "application/yaml", second);
        assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
        assertThat(json.readTree(updated.body()).get("version").asInt()).isEqualTo(2);
        JsonNode versions =
                json.readTree(send("GET", "/api/v1/deployments/" + dseq + "/manifests", "application/json", null)
                        .body());
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("yaml").asText()).isEqualTo(second);

        HttpResponse<String> closed = send("DELETE", "/api/v1/deployments/" + dseq, "application/json", null);
        assertThat(json.readTree(closed.body()).get("state").asText()).isEqualTo("CLOSED");
        HttpResponse<String> again = send("DELETE", "/api/v1/deployments/" + dseq, "application/json", null);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(json.readTree(again.body()).get("message").asText()).contains("closed");

        JsonNode closedOnes = json.readTree(send("GET", "/api/v1/deployments?state=closed", "application/json", null)
                .body());
        assertThat(closedOnes.findValuesAsText("dseq")).contains(String.valueOf(dseq));
        JsonNode activeOnes = json.readTree(send("GET", "/api/v1/deployments?state=active", "application/json", null)
                .body());
        assertThat(activeOnes.findValuesAsText("dseq")).doesNotContain(String.valueOf(dseq));
        HttpResponse<String> badState = send("GET", "/api/v1/deployments?state=gone", "application/json", null);
        assertThat(badState.statusCode()).isEqualTo(400);
        assertThat(badState.body()).contains("state");
    }

    @Test
    void scale_and_restart_through_the_api_refuse_bad_input_and_other_users() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/deployments", "application/json", createBody(MANIFEST));
        long dseq = json.readTree(created.body()).get("dseq").asLong();
        String service = ManifestParser.parse(MANIFEST).services().get(0).name();
        String base = "/api/v1/deployments/" + dseq + "/services/";

        HttpResponse<String> tooMany = send("PUT", base + service + "/count", "application/json", "{\"count\": 11}");
        assertThat(tooMany.statusCode()).as(tooMany.body()).isEqualTo(400);
        assertThat(json.readTree(tooMany.body()).toString()).contains("count");
        HttpResponse<String> missing = send("PUT", base + service + "/count", "application/json", "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("count");
        HttpResponse<String> noSuch = send("POST", base + "nope/restart", "application/json", null);
        assertThat(noSuch.statusCode()).isEqualTo(400);
        assertThat(noSuch.body()).contains("service").contains("nope");

        HttpResponse<String> scaled = send("PUT", base + service + "/count", "application/json", "{\"count\": 2}");
        assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(200);
        assertThat(json.readTree(scaled.body()).get("change").asText()).isEqualTo("scaled " + service + " to 2");
        HttpResponse<String> restarted = send("POST", base + service + "/restart?replica=0", "application/json", null);
        assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(200);
        assertThat(json.readTree(restarted.body()).get("version").asInt()).isEqualTo(3);

        // Another user's token reaches nothing of this deployment.
        String owner = session;
        UserSummary other = testUsers.create("intruder", Role.USER);
        session = tokenOf(other);
        HttpResponse<String> theirs = send("POST", base + service + "/restart", "application/json", null);
        assertThat(theirs.statusCode()).isEqualTo(400);
        assertThat(theirs.body()).contains("no deployment " + dseq);
        HttpResponse<String> theirScale = send("PUT", base + service + "/count", "application/json", "{\"count\": 1}");
        assertThat(theirScale.statusCode()).isEqualTo(400);
        session = owner;
        assertThat(json.readTree(send("GET", "/api/v1/deployments/" + dseq + "/manifests", "application/json", null)
                        .body()))
                .hasSize(3);
        send("DELETE", "/api/v1/deployments/" + dseq, "application/json", null);
    }

    @Autowired
    AccountService accounts;

    @Test
    void deployments_of_two_accounts_never_share_a_dseq_and_each_is_reachable() throws Exception {
        // The reproduction: a second account's first deployment got the first account's dseq again.
        long userId = json.readTree(
                        send("GET", "/api/v1/me", "application/json", null).body())
                .get("id")
                .asLong();
        accounts.defaultAccountOf(userId);
        var second = accounts.create(userId, "second");
        HttpResponse<String> first = send("POST", "/api/v1/deployments", "application/json", createBody(MANIFEST));
        HttpResponse<String> other = send(
                "POST",
                "/api/v1/deployments",
                "application/json",
                json.writeValueAsString(Map.of(
                        "provider",
                        provider.provider().address(),
                        "name",
                        "second app",
                        "manifest",
                        MANIFEST,
                        "account",
                        second.address())));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(201);
        long a = json.readTree(first.body()).get("dseq").asLong();
        long b = json.readTree(other.body()).get("dseq").asLong();
        assertThat(a).isNotEqualTo(b);
        for (long dseq : new long[] {a, b}) {
            HttpResponse<String> versions =
                    send("GET", "/api/v1/deployments/" + dseq + "/manifests", "application/json", null);
            assertThat(versions.statusCode()).as(versions.body()).isEqualTo(200);
            assertThat(json.readTree(versions.body())).hasSize(1);
        }
        // An account with an active deployment cannot be retired: its lease would be left without keys.
        Assertions.assertThatThrownBy(() -> accounts.retire(userId, second.id()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1 active deployment");
        assertThat(json.readTree(send("DELETE", "/api/v1/deployments/" + b, "application/json", null)
                                .body())
                        .get("state")
                        .asText())
                .isEqualTo("CLOSED");
        // Once closed it can, and its closed deployment stays in the owner's list.
        accounts.retire(userId, second.id());
        assertThat(json.readTree(send("GET", "/api/v1/deployments?state=closed", "application/json", null)
                                .body())
                        .findValuesAsText("dseq"))
                .contains(String.valueOf(b));
        assertThat(json.readTree(send("GET", "/api/v1/deployments?state=active", "application/json", null)
                                .body())
                        .findValuesAsText("dseq"))
                .contains(String.valueOf(a))
                .doesNotContain(String.valueOf(b));
    }

    @Autowired
    UserService users;

    @Test
    void an_administrator_closes_a_disabled_users_deployment_and_a_user_cannot() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/deployments", "application/json", createBody(MANIFEST));
        long dseq = json.readTree(created.body()).get("dseq").asLong();
        HttpResponse<String> asUser = send("DELETE", "/api/v1/admin/deployments/" + dseq, "application/json", null);
        assertThat(asUser.statusCode()).isEqualTo(403);
        assertThat(asUser.body()).contains("ADMIN");

        long userId = json.readTree(
                        send("GET", "/api/v1/me", "application/json", null).body())
                .get("id")
                .asLong();
        testUsers.asAdmin(() -> users.setEnabled(userId, false));
        session = null;
        session = json.readTree(send(
                                "POST",
                                "/api/v1/auth/login",
                                "application/json",
                                "{\"username\":\""
                                        + PierIntegrationTest.ADMIN + "\",\"password\":\""
                                        + PierIntegrationTest.ADMIN_PASSWORD
                                        + "\"}")
                        .body())
                .get("token")
                .asText();
        HttpResponse<String> closed = send("DELETE", "/api/v1/admin/deployments/" + dseq, "application/json", null);
        assertThat(closed.statusCode()).as(closed.body()).isEqualTo(200);
        assertThat(json.readTree(closed.body()).get("state").asText()).isEqualTo("CLOSED");
        HttpResponse<String> again = send("DELETE", "/api/v1/admin/deployments/" + dseq, "application/json", null);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(again.body()).contains("dseq");
    }

    @Test
    void parallel_creates_all_succeed_with_distinct_dseqs() throws Exception {
        var pool = Executors.newFixedThreadPool(5);
        try {
            var calls = new ArrayList<Future<HttpResponse<String>>>();
            var start = new CountDownLatch(1);
            for (int i = 0; i < 5; i++) {
                String manifest = MANIFEST.replace("echo hi", "echo parallel-" + i);
                calls.add(pool.submit(() -> {
                    start.await();
                    return send("POST", "/api/v1/deployments", "application/json", createBody(manifest));
                }));
            }
            start.countDown();
            var dseqs = new HashSet<Long>();
            for (int i = 0; i < 5; i++) {
                HttpResponse<String> response = calls.get(i).get(60, TimeUnit.SECONDS);
                assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
                long dseq = json.readTree(response.body()).get("dseq").asLong();
                dseqs.add(dseq);
                // Each records the manifest that request sent, and the provider runs that one.
                JsonNode versions = json.readTree(
                        send("GET", "/api/v1/deployments/" + dseq + "/manifests", "application/json", null)
                                .body());
                assertThat(versions.get(0).get("yaml").asText()).contains("echo parallel-" + i);
            }
            assertThat(dseqs).hasSize(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void the_full_log_downloads_as_text() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/deployments", "application/json", createBody(MANIFEST));
        long dseq = json.readTree(created.body()).get("dseq").asLong();
        String log = "";
        for (int i = 0; i < 50 && !log.contains("hi"); i++) {
            Thread.sleep(100);
            log = send("GET", "/api/v1/deployments/" + dseq + "/logs", "application/json", null)
                    .body();
        }
        assertThat(log).contains(" app-0 stdout hi");
        assertThat(log.lines().filter(l -> l.endsWith("hi")).count()).isPositive();
        assertThat(send("GET", "/api/v1/deployments/1/logs", "application/json", null)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void an_invalid_manifest_is_refused_with_its_lines_and_creates_nothing() throws Exception {
        int before = json.readTree(send("GET", "/api/v1/deployments", "application/json", null)
                        .body())
                .size();
        HttpResponse<String> refused = send(
                "POST",
                "/api/v1/deployments",
                "application/json",
                createBody("version: \"1\"\nservices:\n  app:\n    command: [\"true\"]\n    replicas: 2\n"));
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(refused.body());
        assertThat(body.get("error").asText()).isEqualTo("invalidManifest");
        assertThat(body.get("errors").get(0).asText()).startsWith("line 5, column 5");
        assertThat(body.get("action").asText()).isNotBlank();
        assertThat(json.readTree(send("GET", "/api/v1/deployments", "application/json", null)
                        .body()))
                .hasSize(before);

        HttpResponse<String> noProvider = send(
                "POST",
                "/api/v1/deployments",
                "application/json",
                json.writeValueAsString(Map.of("provider", "akash1nobody", "name", "x", "manifest", MANIFEST)));
        assertThat(noProvider.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noProvider.body()).get("message").asText()).startsWith("provider");
    }
}
