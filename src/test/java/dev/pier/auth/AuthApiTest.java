package dev.pier.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.provider.client.ProviderClient;
import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestClockConfiguration;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

/** The REST API over real HTTP: login, me, logout, and the JSON error shape with a next step. */
@PierIntegrationTest
class AuthApiTest {

    @LocalServerPort
    int port;

    @Autowired
    TestUsers testUsers;

    @Autowired
    UserService users;

    @Autowired
    MutableClock clock;

    @Autowired
    AuthProperties properties;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    ObjectMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    record Reply(int status, JsonNode body, HttpResponse<String> raw) {}

    @AfterEach
    void forgetFailures() {
        throttle.clear();
    }

    private Reply send(String method, String path, String token, String body, String... headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (headers.length > 0) {
            request.headers(headers);
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = response.body().isEmpty() ? null : json.readTree(response.body());
        return new Reply(response.statusCode(), node, response);
    }

    private String login(String username, String password, String... headers) throws Exception {
        Reply reply = send(
                "POST",
                "/api/v1/auth/login",
                null,
                "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}",
                headers);
        assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(200);
        return reply.body().get("token").asText();
    }

    private static void assertActionable(Reply reply, int status, String error) {
        assertThat(reply.status()).isEqualTo(status);
        assertThat(reply.raw().headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("application/json"));
        assertThat(reply.body().get("error").asText()).isEqualTo(error);
        assertThat(reply.body().get("message").asText()).isNotBlank();
        assertThat(reply.body().get("action").asText()).isNotBlank();
        assertThat(reply.raw().body()).doesNotContain("Exception").doesNotContain("<html");
    }

    @Test
    void login_then_me_then_logout() throws Exception {
        UserSummary user = testUsers.create("api", Role.USER);
        String token = login(user.username(), TestUsers.PASSWORD);

        Reply me = send("GET", "/api/v1/me", token, null);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().get("username").asText()).isEqualTo(user.username());
        assertThat(me.body().get("role").asText()).isEqualTo("USER");
        assertThat(me.body().at("/session/expiresAt").asText()).isNotBlank();

        assertThat(send("GET", "/api/v1/auth/sessions", token, null).body()).hasSize(1);
        assertThat(send("DELETE", "/api/v1/auth/session", token, null).status()).isEqualTo(204);

        Reply after = send("GET", "/api/v1/me", token, null);
        assertActionable(after, 401, "sessionExpired");
        assertThat(after.body().get("action").asText())
                .contains("POST http://localhost:" + port + "/api/v1/auth/login");
    }

    @Test
    void sessions_name_this_computer_and_a_forwarded_clients_address_and_device() throws Exception {
        UserSummary user = testUsers.create("api-where", Role.USER);
        String local = login(user.username(), TestUsers.PASSWORD);
        // The test connects from loopback, a proxy the server trusts (server.forward-headers-strategy: native).
        login(
                user.username(),
                TestUsers.PASSWORD,
                "X-Forwarded-For",
                "203.0.113.7",
                "User-Agent",
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                        + "Version/17.5 Mobile/15E148 Safari/604.1");

        assertThat(send("GET", "/api/v1/auth/sessions", local, null).body())
                .extracting(s -> s.get("device").asText())
                .containsExactlyInAnyOrder("Java-http-client from this computer", "Safari on iPhone from 203.0.113.7");
    }

    @Test
    void revoking_the_other_sessions_keeps_this_token_and_every_other_users() throws Exception {
        UserSummary user = testUsers.create("api-others", Role.USER);
        UserSummary neighbour = testUsers.create("api-neighbour", Role.USER);
        String kept = login(user.username(), TestUsers.PASSWORD);
        String second = login(user.username(), TestUsers.PASSWORD);
        String third = login(user.username(), TestUsers.PASSWORD);
        String theirs = login(neighbour.username(), TestUsers.PASSWORD);

        Reply reply = send("DELETE", "/api/v1/auth/sessions/others", kept, null);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("revoked").asInt()).isEqualTo(2);
        assertThat(send("GET", "/api/v1/me", kept, null).status()).isEqualTo(200);
        assertActionable(send("GET", "/api/v1/me", second, null), 401, "sessionExpired");
        assertActionable(send("GET", "/api/v1/me", third, null), 401, "sessionExpired");
        assertThat(send("GET", "/api/v1/me", theirs, null).status())
                .as("another user's session")
                .isEqualTo(200);
        assertThat(send("GET", "/api/v1/auth/sessions", kept, null).body()).hasSize(1);
    }

    @Test
    void an_expired_token_answers_401_with_the_login_call() throws Exception {
        UserSummary user = testUsers.create("api-expiry", Role.USER);
        String token = login(user.username(), TestUsers.PASSWORD);
        clock.advance(properties.sessionIdleTimeout().plusSeconds(1));

        Reply reply = send("GET", "/api/v1/me", token, null);

        assertActionable(reply, 401, "sessionExpired");
        assertThat(reply.body().get("action").asText())
                .contains("/api/v1/auth/login")
                .contains("Authorization: Bearer");
    }

    @Test
    void a_disabled_users_token_stops_at_once() throws Exception {
        UserSummary user = testUsers.create("api-disabled", Role.USER);
        String token = login(user.username(), TestUsers.PASSWORD);
        testUsers.asAdmin(() -> users.setEnabled(user.id(), false));

        assertActionable(send("GET", "/api/v1/me", token, null), 401, "sessionExpired");
        Reply relogin = send(
                "POST",
                "/api/v1/auth/login",
                null,
                "{\"username\":\"" + user.username() + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}");
        assertActionable(relogin, 403, "accountDisabled");
    }

    @Test
    void missing_or_malformed_credentials_are_explained() throws Exception {
        assertActionable(send("GET", "/api/v1/me", null, null), 401, "unauthenticated");
        assertActionable(send("GET", "/api/v1/me", "pier_not-a-real-token", null), 401, "sessionExpired");
        var basic = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/me"))
                .header("Authorization", "Basic YWRtaW46YWRtaW4=")
                .build();
        var response = http.send(basic, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(json.readTree(response.body()).get("error").asText()).isEqualTo("malformedAuthorization");
    }

    @Test
    void bad_login_bodies_name_the_field_or_position() throws Exception {
        Reply missing = send("POST", "/api/v1/auth/login", null, "{\"username\":\"admin\"}");
        assertActionable(missing, 400, "invalidInput");
        assertThat(missing.body().get("message").asText()).startsWith("password");

        Reply broken = send("POST", "/api/v1/auth/login", null, "{\"username\": \"admin\",\n \"password\" }");
        assertActionable(broken, 400, "invalidInput");
        assertThat(broken.body().get("message").asText()).contains("line 2");

        Reply wrong =
                send("POST", "/api/v1/auth/login", null, "{\"username\":\"admin\",\"password\":\"nope-nope-nope\"}");
        assertActionable(wrong, 401, "invalidCredentials");
    }

    @Test
    void repeated_failures_are_throttled_with_a_wait_in_the_answer() throws Exception {
        UserSummary user = testUsers.create("api-throttle", Role.USER);
        String wrong = "{\"username\":\"" + user.username() + "\",\"password\":\"wrong-password-here\"}";
        for (int i = 0; i < 5; i++) {
            assertThat(send("POST", "/api/v1/auth/login", null, wrong).status()).isEqualTo(401);
        }
        Reply throttled = send(
                "POST",
                "/api/v1/auth/login",
                null,
                "{\"username\":\"" + user.username() + "\",\"password\":\"" + TestUsers.PASSWORD + "\"}");
        assertActionable(throttled, 429, "loginThrottled");
        assertThat(throttled.body().get("action").asText()).contains("Wait 5 seconds");

        clock.advance(Duration.ofSeconds(5));
        login(user.username(), TestUsers.PASSWORD);
    }

    @Test
    void unknown_api_routes_answer_json_not_html() throws Exception {
        String token = login(PierIntegrationTest.ADMIN, PierIntegrationTest.ADMIN_PASSWORD);
        Reply reply = send("GET", "/api/v1/does-not-exist", token, null);
        assertActionable(reply, 404, "notFound");
    }

    @Test
    void metrics_need_the_admin_role_and_health_is_public() throws Exception {
        UserSummary user = testUsers.create("api-metrics", Role.USER);
        Reply denied = send("GET", "/actuator/prometheus", login(user.username(), TestUsers.PASSWORD), null);
        assertActionable(denied, 403, "forbidden");
        assertThat(denied.body().get("message").asText()).contains("ADMIN").contains(user.username());

        var admin = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .header(
                        "Authorization",
                        "Bearer " + login(PierIntegrationTest.ADMIN, PierIntegrationTest.ADMIN_PASSWORD))
                .build();
        var metrics = http.send(admin, HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("pier_auth_session_slides");

        Reply health = send("GET", "/actuator/health", null, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("UP");
        // Readiness: the console and its embedded provider both; without credentials, as load balancers ask.
        Reply ready = send("GET", "/actuator/health/readiness", null, null);
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().get("status").asText()).isEqualTo("UP");
        assertThat(send("GET", "/actuator/health/liveness", null, null).status())
                .isEqualTo(200);
    }

    @Autowired
    ProviderClient providerClient;

    @Test
    void the_first_administrator_exists_before_the_port_opens() {
        // A login in the first second after start used to fail with "wrong password": the admin came later.
        assertThat(TestClockConfiguration.ADMIN_BEFORE_PORT.get()).isTrue();
    }

    @Test
    void readiness_includes_the_embedded_provider() {
        var health = ctx.getBean("embeddedProviderHealthIndicator", HealthIndicator.class)
                .health();
        assertThat(health.getStatus().getCode()).isEqualTo("UP");
    }

    @Autowired
    ApplicationContext ctx;
}
