package dev.pier.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pier.account.AccountService;
import dev.pier.account.AccountSummary;
import dev.pier.provider.ProviderService;
import dev.pier.shared.CosmosAddress;
import dev.pier.shared.Es256kSigner;
import dev.pier.shared.Secp256k1;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.TestUsers;
import dev.pier.user.Role;
import dev.pier.user.UserSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Provider tokens end to end over HTTP: minted through ensureToken, verifiable with the public key registry alone. */
@PierIntegrationTest
class ProviderTokenApiTest {

    static final String NOBODY = CosmosAddress.of("akash", new byte[20]).value();

    @LocalServerPort
    int port;

    @Autowired
    TestUsers testUsers;

    @Autowired
    AccountService accounts;

    @Autowired
    ProviderService providers;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ObjectMapper json;

    final HttpClient http = HttpClient.newHttpClient();
    UserSummary user;
    String session;
    String provider;

    @BeforeEach
    void setUp() throws Exception {
        user = testUsers.create("tokens", Role.USER);
        provider = CosmosAddress.fromPublicKey(Secp256k1.compressedPublicKey(Secp256k1.generate()), "akash")
                .value();
        providers.register(provider, "test provider " + user.id(), "http://127.0.0.1:9");
        session = json.readTree(send(
                                "POST",
                                "/api/v1/auth/login",
                                null,
                                "{\"username\":\"" + user.username() + "\",\"password\":\"" + TestUsers.PASSWORD
                                        + "\"}")
                        .body())
                .get("token")
                .asText();
    }

    HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    double generated() {
        return meters.counter("pier.credentials.tokens.generated").count();
    }

    @Test
    void a_minted_token_verifies_against_the_public_key_registry_and_names_the_provider() throws Exception {
        AccountSummary account = accounts.defaultAccountOf(user.id());
        double before = generated();

        HttpResponse<String> first = send(
                "POST",
                "/api/v1/accounts/" + account.address() + "/provider-token",
                session,
                "{\"provider\":\"" + provider + "\"}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String token = json.readTree(first.body()).get("token").asText();
        HttpResponse<String> second = send(
                "POST",
                "/api/v1/accounts/" + account.address() + "/provider-token",
                session,
                "{\"provider\":\"" + provider + "\"}");
        assertThat(json.readTree(second.body()).get("token").asText())
                .as("cached, not minted again")
                .isEqualTo(token);
        assertThat(generated() - before).isEqualTo(1.0);

        HttpResponse<String> jwks = send("GET", "/.well-known/jwks.json", null, null);
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.headers().firstValue("Cache-Control"))
                .hasValueSatisfying(v -> assertThat(v).contains("max-age=5"));
        assertThat(jwks.body()).doesNotContain("\"d\"");
        SignedJWT jwt = SignedJWT.parse(token);
        ECKey key =
                (ECKey) JWKSet.parse(jwks.body()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(key.getCurve().getName()).isEqualTo("secp256k1");
        JsonNode published = null;
        for (JsonNode k : json.readTree(jwks.body()).get("keys")) {
            if (k.get("kid").asText().equals(key.getKeyID())) {
                published = k;
            }
        }
        assertThat(published.get("address").asText()).isEqualTo(account.address());
        assertThat(published.get("alg").asText()).isEqualTo("ES256K");
        assertThat(Es256kSigner.verify(token, key)).isTrue();

        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES256K");
        var claims = jwt.getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo(account.address());
        assertThat(claims.getStringClaim("version")).isEqualTo("v1");
        assertThat(claims.getIssueTime()).isEqualTo(claims.getNotBeforeTime());
        @SuppressWarnings("unchecked")
        Map<String, Object> leases = (Map<String, Object>) claims.getClaim("leases");
        assertThat(leases.get("access")).isEqualTo("granular");
        @SuppressWarnings("unchecked")
        Map<String, Object> permission = ((List<Map<String, Object>>) leases.get("permissions")).get(0);
        @SuppressWarnings("unchecked")
        List<Object> scope = (List<Object>) permission.get("scope");
        assertThat(permission).containsEntry("provider", provider).containsEntry("access", "scoped");
        assertThat(scope)
                .containsExactlyInAnyOrder(
                        "lease", "status", "shell", "events", "logs", "send-manifest", "get-manifest");
    }

    @Test
    void accounts_and_providers_are_listed_for_scripts() throws Exception {
        AccountSummary account = accounts.defaultAccountOf(user.id());
        JsonNode listed =
                json.readTree(send("GET", "/api/v1/accounts", session, null).body());
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("address").asText()).isEqualTo(account.address());
        assertThat(listed.get(0).get("active").asBoolean()).isTrue();

        JsonNode registered =
                json.readTree(send("GET", "/api/v1/providers", session, null).body());
        JsonNode mine = null;
        for (JsonNode p : registered) {
            if (p.get("address").asText().equals(provider)) {
                mine = p;
            }
        }
        assertThat(mine).isNotNull();
        assertThat(mine.get("hostUri").asText()).isEqualTo("http://127.0.0.1:9");
        assertThat(mine.get("online").asBoolean())
                .as("nothing listens on port 9")
                .isFalse();
    }

    @Test
    void unknown_accounts_and_providers_are_explained() throws Exception {
        AccountSummary account = accounts.defaultAccountOf(user.id());
        UserSummary other = testUsers.create("tokens-other", Role.USER);
        AccountSummary theirs = accounts.defaultAccountOf(other.id());

        HttpResponse<String> notMine = send(
                "POST",
                "/api/v1/accounts/" + theirs.address() + "/provider-token",
                session,
                "{\"provider\":\"" + provider + "\"}");
        assertThat(notMine.statusCode()).isEqualTo(404);
        assertThat(json.readTree(notMine.body()).get("action").asText()).contains("GET /api/v1/accounts");

        HttpResponse<String> noProvider = send(
                "POST",
                "/api/v1/accounts/" + account.address() + "/provider-token",
                session,
                "{\"provider\":\"" + NOBODY + "\"}");
        assertThat(noProvider.statusCode()).isEqualTo(404);
        assertThat(json.readTree(noProvider.body()).get("action").asText()).contains("GET /api/v1/providers");

        HttpResponse<String> missing =
                send("POST", "/api/v1/accounts/" + account.address() + "/provider-token", session, "{}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json.readTree(missing.body()).get("message").asText()).startsWith("provider");
    }
}
