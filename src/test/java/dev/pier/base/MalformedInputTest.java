package dev.pier.base;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.account.AccountSummary;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.ProviderTestSupport;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Malformed values at every route of the console API and the provider API: each answers a 4xx with a JSON error that
 * names the field, never a 5xx, and nothing changes. The first rows are the reproductions that answered 500.
 */
@PierIntegrationTest
class MalformedInputTest {

    /** One request, the status it must get, and the word its message must contain. */
    record Row(String method, String path, Map<String, String> headers, String body, int status, String names) {
        static Row of(String method, String path, int status, String names) {
            return new Row(method, path, Map.of(), null, status, names);
        }

        Row body(String type, String text) {
            return new Row(method, path, Map.of("Content-Type", type), text, status, names);
        }

        Row header(String name, String value) {
            var all = new HashMap<>(headers);
            all.put(name, value);
            return new Row(method, path, all, body, status, names);
        }
    }

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

    @Test
    void the_console_api_answers_every_malformed_value_with_a_4xx_naming_the_field() throws Exception {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        var user = testUsers.create("malformed", Role.USER);
        String session = login(user.username(), TestUsers.PASSWORD);
        String admin = login(PierIntegrationTest.ADMIN, PierIntegrationTest.ADMIN_PASSWORD);
        String json = "application/json";
        List<Row> rows = List.of(
                Row.of("GET", "/api/v1/deployments?page=2147483648", 400, "page"),
                Row.of("GET", "/api/v1/deployments?page=-1", 400, "page"),
                Row.of("GET", "/api/v1/deployments?page=2147483647", 400, "page"),
                Row.of("GET", "/api/v1/deployments?state=gone", 400, "state"),
                Row.of("GET", "/api/v1/deployments/abc/manifests", 400, "dseq"),
                Row.of("GET", "/api/v1/deployments/9223372036854775808/manifests", 400, "dseq"),
                Row.of("GET", "/api/v1/deployments/-1/manifests", 400, "dseq"),
                Row.of("DELETE", "/api/v1/deployments/abc", 400, "dseq"),
                Row.of("PUT", "/api/v1/deployments/abc/manifest", 400, "dseq")
                        .body("application/yaml", "version: \"1\""),
                Row.of("GET", "/api/v1/deployments/1/logs", 404, "1"),
                Row.of("GET", "/api/v1/deployments/1/logs?service=%00", 404, "1"),
                Row.of("POST", "/api/v1/deployments", 400, "JSON").body(json, "{not json"),
                Row.of("POST", "/api/v1/deployments", 400, "name").body(json, "{\"name\": [1]}"),
                Row.of("POST", "/api/v1/deployments", 400, "provider")
                        .body(
                                json,
                                "{\"provider\": \"akash1nobody\", \"name\": \"x\", \"manifest\": \"version: "
                                        + "\\\"1\\\"\\nservices:\\n  a:\\n    image: busybox\\n\"}"),
                Row.of("POST", "/api/v1/deployments", 400, "line")
                        .body(
                                json,
                                "{\"provider\": \"" + provider.provider().address()
                                        + "\", \"name\": \"x\", \"manifest\": \"version: 2\"}"),
                Row.of("POST", "/api/v1/deployments", 415, "JSON").body("text/plain", "hello"),
                Row.of("POST", "/api/v1/accounts/akash1nobody/provider-token", 400, "provider")
                        .body(json, "{}"),
                Row.of("POST", "/api/v1/auth/login", 400, "username").body(json, "{\"password\": \"x\"}"),
                Row.of("GET", "/api/v1/nothing-here", 404, "nothing-here"),
                Row.of("GET", "/api/v1/me", 401, "token").header("Authorization", "Bearer " + "x".repeat(5000)),
                Row.of("GET", "/actuator/prometheus", 406, "Accept")
                        .header("Accept", "application/json")
                        .header("Authorization", "Bearer " + admin),
                Row.of("DELETE", "/api/v1/admin/deployments/abc", 400, "dseq")
                        .header("Authorization", "Bearer " + admin),
                Row.of("DELETE", "/api/v1/admin/deployments/12345678", 400, "dseq")
                        .header("Authorization", "Bearer " + admin),
                Row.of("DELETE", "/api/v1/admin/deployments/1", 403, "ADMIN"),
                Row.of("GET", "/api/v1/accounts", 401, "token").header("Authorization", "Basic YWRtaW46eA=="),
                Row.of("GET", "/api/v1/providers", 401, "token").header("Authorization", "Bearer"),
                Row.of("POST", "/api/v1/accounts/akash1nobody/provider-token", 400, "JSON")
                        .body(json, "[1,"));
        int before = deploymentCount(session);
        for (Row row : rows) {
            var headers = new HashMap<>(row.headers());
            headers.putIfAbsent("Authorization", "Bearer " + session);
            assertFieldNamed(send("http://localhost:" + port, row, headers), row);
        }
        assertThat(deploymentCount(session))
                .as("nothing was created or changed")
                .isEqualTo(before);
    }

    @Test
    void the_provider_api_answers_every_malformed_value_with_a_4xx_naming_the_field() throws Exception {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        AccountSummary account = provider.newAccount("malformed-provider");
        String token = provider.token(account);
        String lease = provider.deploy(
                token, 160, "version: \"1\"\nservices:\n  app:\n    command: [\"sh\", \"-c\", \"sleep 300\"]\n");
        String hugeExp = provider.token(account, b -> b.claim("exp", 1e300));
        List<Row> rows = List.of(
                Row.of("GET", "/lease/abc/1/1/status", 400, "dseq"),
                Row.of("GET", "/lease/9223372036854775808/1/1/status", 400, "dseq"),
                Row.of("POST", "/lease/1/x/1", 400, "gseq"),
                Row.of("GET", lease + "/file?service=app&replica=abc&path=x", 400, "replica"),
                Row.of("GET", lease + "/file?replica=0&path=x", 400, "service"),
                Row.of("GET", lease + "/file?service=app&path=", 400, "path"),
                Row.of("PUT", "/deployment/abc/manifest", 400, "dseq").body("application/yaml", "version: \"1\""),
                Row.of("PUT", "/deployment/160/manifest", 400, "line")
                        .body("application/yaml", "version: \"1\"\nservices: {a: {count: x}}"),
                Row.of("GET", lease + "/status", 401, "exp").header("Authorization", "Bearer " + hugeExp),
                Row.of("GET", "/lease/987654/1/1/status", 404, "987654"),
                Row.of("GET", "/lease/abc/1/1/manifest", 400, "dseq"),
                Row.of("DELETE", "/lease/1/1/x", 400, "oseq"),
                Row.of("GET", lease + "/status", 401, "Bearer").header("Authorization", "Basic YWRtaW46eA=="),
                Row.of("GET", lease + "/status", 401, "JWT").header("Authorization", "Bearer not.a-jwt"),
                Row.of("GET", "/nothing-here", 404, "nothing-here"));
        String leasesBefore = provider.json(provider.send("GET", "/status", null, null))
                .get("leases")
                .toString();
        String manifestBefore =
                provider.send("GET", lease + "/manifest", token, null).body();
        for (Row row : rows) {
            var headers = new HashMap<>(row.headers());
            headers.putIfAbsent("Authorization", "Bearer " + token);
            assertFieldNamed(send(provider.provider().hostUri(), row, headers), row);
        }
        // Streams: a bad parameter is answered with a frame naming it and a bad-data close, not a server error.
        var badTail = new ProviderTestSupport.Recorder();
        provider.connect(lease + "/logs?tail=abc", token, badTail);
        assertThat(badTail.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1007);
        assertThat(badTail.texts).anyMatch(t -> t.contains("tail"));
        var badReplica = new ProviderTestSupport.Recorder();
        provider.connect(lease + "/shell?service=app&replica=abc", token, badReplica);
        badReplica.closed.get(10, TimeUnit.SECONDS);
        assertThat(badReplica.binaries).anyMatch(frame -> frame[0] == 103 && new String(frame).contains("replica"));
        var badClient = new ProviderTestSupport.Recorder();
        provider.connect(lease + "/shell?service=app&client=%3Cscript%3E&beside=true", token, badClient);
        badClient.closed.get(10, TimeUnit.SECONDS);
        assertThat(badClient.binaries).anyMatch(frame -> frame[0] == 103 && new String(frame).contains("client:"));

        assertThat(provider.json(provider.send("GET", "/status", null, null))
                        .get("leases")
                        .toString())
                .isEqualTo(leasesBefore);
        assertThat(provider.send("GET", lease + "/manifest", token, null).body())
                .isEqualTo(manifestBefore);
        ProviderTestSupport.expect(provider.send("DELETE", lease, token, null), 200);
    }

    @Test
    void shell_commands_arrive_url_decoded() throws Exception {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        String token = provider.token(provider.newAccount("decoded"));
        String lease = provider.deploy(
                token, 161, "version: \"1\"\nservices:\n  app:\n    command: [\"sh\", \"-c\", \"sleep 300\"]\n");
        for (int i = 0; i < 100; i++) {
            if (provider.json(provider.send("GET", lease + "/status", token, null))
                            .at("/services/app/ready")
                            .asInt()
                    == 1) {
                break;
            }
            Thread.sleep(100);
        }
        var shell = new ProviderTestSupport.Recorder();
        provider.connect(
                lease + "/shell?service=app&cmd0=sh&cmd1=-c&cmd2=echo%20decoded%20%26%26%20exit%203", token, shell);
        assertThat(shell.closed.get(20, TimeUnit.SECONDS)).isEqualTo(1000);
        String out = new String(shell.binaries.stream()
                .filter(f -> f[0] == 100)
                .map(f -> Arrays.copyOfRange(f, 1, f.length))
                .reduce(new byte[0], (a, b) -> {
                    byte[] c = Arrays.copyOf(a, a.length + b.length);
                    System.arraycopy(b, 0, c, a.length, b.length);
                    return c;
                }));
        assertThat(out).contains("decoded");
        assertThat(shell.binaries).anyMatch(f -> f[0] == 102 && new String(f).contains("\"exit_code\":3"));
        ProviderTestSupport.expect(provider.send("DELETE", lease, token, null), 200);
    }

    private void assertFieldNamed(HttpResponse<String> response, Row row) throws Exception {
        String what = row.method() + " " + row.path() + " -> " + response.statusCode() + " " + response.body();
        assertThat(response.statusCode()).as(what).isEqualTo(row.status());
        JsonNode body = json.readTree(response.body());
        assertThat(body.hasNonNull("error")).as(what).isTrue();
        assertThat(body.path("message").asText() + " " + body.path("action").asText())
                .as(what)
                .containsIgnoringCase(row.names());
    }

    private HttpResponse<String> send(String base, Row row, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + row.path()))
                .method(
                        row.method(),
                        row.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(row.body()));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private int deploymentCount(String session) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/deployments"))
                        .header("Authorization", "Bearer " + session)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body()).size();
    }

    private String login(String username, String password) throws Exception {
        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/auth/login"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body()).get("token").asText();
    }
}
