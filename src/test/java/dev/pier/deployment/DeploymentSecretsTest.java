package dev.pier.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.provider.client.ProviderClient;
import dev.pier.test.ApiClient;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.TestUsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Secrets over the REST API on the real embedded provider: the container gets the value; the manifest, its history, the
 * provider's copy of the manifest, the API's answers and the database never show it.
 */
@PierIntegrationTest
class DeploymentSecretsTest {

    static final String VALUE = "hunter2-" + Long.toHexString(System.nanoTime());

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

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ProviderClient client;

    @Autowired
    DeploymentService deployments;

    @Autowired
    LeaseAccess leases;

    final HttpClient http = HttpClient.newHttpClient();
    String session;
    String owner;
    long ownerId;

    @BeforeEach
    void login() throws Exception {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        var user = testUsers.create("keeper", ProviderTestSupport.workloadRole());
        owner = user.username();
        ownerId = user.id();
        session = new ApiClient(port, json).login(owner, TestUsers.PASSWORD);
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", path.endsWith("/manifest") ? "application/yaml" : "application/json")
                .header("Authorization", "Bearer " + session);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The field an API refusal names: its message reads "field: what is wrong". */
    private String fieldOf(HttpResponse<String> refused) throws Exception {
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        return json.readTree(refused.body()).get("message").asText().split(":")[0];
    }

    private long create(String manifest, Map<String, String> secrets) throws Exception {
        HttpResponse<String> created = send(
                "POST",
                "/api/v1/deployments",
                json.writeValueAsString(Map.of(
                        "provider",
                        provider.provider().address(),
                        "name",
                        "with secrets",
                        "manifest",
                        manifest,
                        "secrets",
                        secrets)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(VALUE);
        return json.readTree(created.body()).get("dseq").asLong();
    }

    private String logOf(long dseq, String expected) throws Exception {
        String log = "";
        for (int i = 0; i < 100 && !log.contains(expected); i++) {
            Thread.sleep(100);
            log = send("GET", "/api/v1/deployments/" + dseq + "/logs", null).body();
        }
        return log;
    }

    @Test
    void the_container_gets_the_value_and_nothing_shown_holds_it() throws Exception {
        // The container compares with the value built from two halves, so neither the manifest nor the log holds it.
        long dseq = create(
                "version: \"1\"\nservices:\n  app:\n    command: [\"sh\", \"-c\", \"while true; do if [ \\\"$SECRET_TOKEN\\\""
                        + " = \\\"hunter2-$SUFFIX\\\" ]; then echo token-ok; else echo token-wrong; fi; sleep 0.3;"
                        + " done\"]\n    env:\n      - SECRET_TOKEN=${secret:api-token}\n      - SUFFIX="
                        + VALUE.substring(8) + "\n",
                Map.of("api-token", VALUE));

        assertThat(logOf(dseq, "token-ok")).contains("token-ok").doesNotContain("token-wrong");

        // The API answers names and who set them, never the value.
        HttpResponse<String> listed = send("GET", "/api/v1/deployments/" + dseq + "/secrets", null);
        assertThat(listed.statusCode()).isEqualTo(200);
        JsonNode secrets = json.readTree(listed.body());
        assertThat(secrets).hasSize(1);
        assertThat(secrets.get(0).get("name").asText()).isEqualTo("api-token");
        assertThat(secrets.get(0).get("updatedBy").asText()).isEqualTo(owner);
        assertThat(listed.body()).doesNotContain(VALUE);
        for (String path : List.of("/api/v1/deployments", "/api/v1/deployments/" + dseq + "/manifests")) {
            assertThat(send("GET", path, null).body()).as(path).doesNotContain(VALUE);
        }
        // The provider keeps the manifest as written, with the reference.
        DeploymentSummary deployment = deployments.find(ownerId, dseq).orElseThrow();
        assertThat(client.manifest(deployment.accountId(), deployment.lease()))
                .contains("${secret:api-token}")
                .doesNotContain(VALUE);
        // Sealed in the database: neither the value nor its bytes are there.
        byte[] sealed = jdbc.queryForObject(
                "SELECT sealed_value FROM deployment_secrets WHERE deployment_id = ?", byte[].class, deployment.id());
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(VALUE);
        assertThat(sealed.length).isGreaterThan(VALUE.length());
    }

    @Test
    void a_value_the_program_prints_is_hidden_in_the_log_and_its_download() throws Exception {
        String manifest = "version: \"1\"\nservices:\n  app:\n    command: [\"sh\", \"-c\", \"while true; do echo"
                + " token=$SECRET_TOKEN; sleep 0.3; done\"]\n    env:\n      - SECRET_TOKEN=${secret:api-token}\n";
        long dseq = create(manifest, Map.of("api-token", VALUE));
        String log = logOf(dseq, "token=");
        assertThat(log).contains("token=" + SecretMask.MASK).doesNotContain(VALUE);
        // The live stream the Logs tab shows hides it too.
        DeploymentSummary deployment = deployments.find(ownerId, dseq).orElseThrow();
        List<String> shown = new CopyOnWriteArrayList<>();
        var subscription = leases.followLogs(deployment, null, l -> shown.add(l.message()), s -> {});
        try {
            for (int i = 0; i < 100 && shown.isEmpty(); i++) {
                Thread.sleep(100);
            }
        } finally {
            subscription.remove();
        }
        assertThat(shown).isNotEmpty().allSatisfy(m -> assertThat(m).doesNotContain(VALUE));
        assertThat(shown).anySatisfy(m -> assertThat(m).isEqualTo("token=" + SecretMask.MASK));
    }

    @Test
    void a_changed_value_is_applied_as_the_next_version_and_the_old_one_is_gone() throws Exception {
        String manifest = "version: \"1\"\nservices:\n  app:\n    command: [\"sh\", \"-c\", \"while true; do echo"
                + " length=${#SECRET_TOKEN}; sleep 0.3; done\"]\n    env:\n      - SECRET_TOKEN=${secret:api-token}\n";
        long dseq = create(manifest, Map.of("api-token", "four"));
        assertThat(logOf(dseq, "length=4")).contains("length=4");

        HttpResponse<String> changed =
                send("PUT", "/api/v1/deployments/" + dseq + "/secrets/api-token", "{\"value\":\"eleven-char\"}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode answer = json.readTree(changed.body());
        assertThat(answer.get("created").asBoolean()).isFalse();
        assertThat(answer.get("version").asInt()).isEqualTo(2);
        assertThat(logOf(dseq, "length=11")).contains("length=11");
        JsonNode versions = json.readTree(
                send("GET", "/api/v1/deployments/" + dseq + "/manifests", null).body());
        assertThat(versions.get(0).get("change").asText()).isEqualTo("changed secret api-token");
        assertThat(versions.get(0).get("appliedBy").asText()).isEqualTo(owner);

        // A secret the manifest does not use is kept without touching what runs.
        HttpResponse<String> spare =
                send("PUT", "/api/v1/deployments/" + dseq + "/secrets/spare", "{\"value\":\"unused\"}");
        assertThat(json.readTree(spare.body()).get("version").isNull()).isTrue();
        assertThat(json.readTree(send("GET", "/api/v1/deployments/" + dseq + "/manifests", null)
                                .body())
                        .size())
                .isEqualTo(2);

        // One the manifest uses cannot be removed; one it does not use can.
        HttpResponse<String> inUse = send("DELETE", "/api/v1/deployments/" + dseq + "/secrets/api-token", null);
        assertThat(inUse.statusCode()).isEqualTo(400);
        assertThat(fieldOf(inUse)).isEqualTo("name");
        assertThat(send("DELETE", "/api/v1/deployments/" + dseq + "/secrets/spare", null)
                        .statusCode())
                .isEqualTo(204);
        assertThat(json.readTree(send("GET", "/api/v1/deployments/" + dseq + "/secrets", null)
                                .body())
                        .size())
                .isEqualTo(1);
    }

    @Test
    void bad_names_values_and_unknown_references_are_refused_naming_the_field_and_change_nothing() throws Exception {
        String manifest = "version: \"1\"\nservices:\n  app:\n    command: [\"sleep\", \"300\"]\n    env:\n"
                + "      - SECRET_TOKEN=${secret:api-token}\n";
        int before =
                json.readTree(send("GET", "/api/v1/deployments", null).body()).size();
        HttpResponse<String> missing = send(
                "POST",
                "/api/v1/deployments",
                json.writeValueAsString(
                        Map.of("provider", provider.provider().address(), "name", "missing", "manifest", manifest)));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(fieldOf(missing)).isEqualTo("manifest");
        assertThat(json.readTree(missing.body()).get("message").asText())
                .contains("services.app.env.SECRET_TOKEN refers to the secret 'api-token'");
        assertThat(json.readTree(send("GET", "/api/v1/deployments", null).body())
                        .size())
                .isEqualTo(before);

        long dseq = create(manifest, Map.of("api-token", "first"));
        HttpResponse<String> badName =
                send("PUT", "/api/v1/deployments/" + dseq + "/secrets/no%20spaces", "{\"value\":\"x\"}");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(fieldOf(badName)).isEqualTo("name");
        HttpResponse<String> badValue =
                send("PUT", "/api/v1/deployments/" + dseq + "/secrets/other", "{\"value\":\"two\\nlines\"}");
        assertThat(badValue.statusCode()).isEqualTo(400);
        assertThat(fieldOf(badValue)).isEqualTo("value");
        HttpResponse<String> noValue = send("PUT", "/api/v1/deployments/" + dseq + "/secrets/other", "{}");
        assertThat(fieldOf(noValue)).isEqualTo("value");

        // A manifest naming a secret the deployment lacks is refused before the provider hears of it.
        HttpResponse<String> update =
                send("PUT", "/api/v1/deployments/" + dseq + "/manifest", manifest.replace("api-token", "nope"));
        assertThat(update.statusCode()).isEqualTo(400);
        assertThat(fieldOf(update)).isEqualTo("manifest");
        assertThat(json.readTree(send("GET", "/api/v1/deployments/" + dseq + "/manifests", null)
                                .body())
                        .size())
                .isEqualTo(1);
        // A malformed reference is a manifest error with its line.
        HttpResponse<String> malformed =
                send("PUT", "/api/v1/deployments/" + dseq + "/manifest", manifest.replace("api-token", "has space"));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("line 6");
    }

    @Test
    void another_user_can_neither_read_nor_set_a_deployments_secrets() throws Exception {
        String manifest = "version: \"1\"\nservices:\n  app:\n    command: [\"sleep\", \"300\"]\n    env:\n"
                + "      - SECRET_TOKEN=${secret:api-token}\n";
        long dseq = create(manifest, Map.of("api-token", VALUE));
        session = new ApiClient(port, json)
                .login(
                        testUsers
                                .create("intruder", ProviderTestSupport.workloadRole())
                                .username(),
                        TestUsers.PASSWORD);
        HttpResponse<String> read = send("GET", "/api/v1/deployments/" + dseq + "/secrets", null);
        assertThat(read.statusCode()).isIn(400, 404);
        assertThat(read.body()).doesNotContain("api-token");
        HttpResponse<String> set =
                send("PUT", "/api/v1/deployments/" + dseq + "/secrets/api-token", "{\"value\":\"mine-now\"}");
        assertThat(set.statusCode()).isIn(400, 404);
        HttpResponse<String> removed = send("DELETE", "/api/v1/deployments/" + dseq + "/secrets/api-token", null);
        assertThat(removed.statusCode()).isIn(400, 404);
        // The owner's value is untouched.
        DeploymentSummary deployment = deployments.find(ownerId, dseq).orElseThrow();
        assertThat(jdbc.queryForObject(
                        "SELECT updated_by FROM deployment_secrets WHERE deployment_id = ?",
                        String.class,
                        deployment.id()))
                .isEqualTo(owner);
    }
}
