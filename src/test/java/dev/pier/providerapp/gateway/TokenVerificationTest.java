package dev.pier.providerapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pier.account.AccountSummary;
import dev.pier.shared.CosmosAddress;
import dev.pier.shared.ProviderTokenClaims;
import dev.pier.shared.Secp256k1;
import dev.pier.test.ProviderTestSupport;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The negative JWT suite: every malformed, forged, misused or out-of-date token is refused with the right status. */
class TokenVerificationTest extends GatewayTest {

    AccountSummary account;
    String lease;

    @BeforeEach
    void lease() throws Exception {
        account = provider.newAccount("jwt");
        String token = provider.token(account);
        ProviderTestSupport.expect(provider.send("POST", "/lease/7/1/1", token, null), 201);
        lease = "/lease/7/1/1/status";
        ProviderTestSupport.expect(provider.send("GET", lease, token, null), 200);
    }

    private void refused(String token, int status, String error) throws Exception {
        HttpResponse<String> response = provider.send("GET", lease, token, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = provider.json(response);
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("message").asText()).isNotBlank();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private String[] parts(String token) {
        return token.split("\\.");
    }

    @Test
    void alg_none_in_any_spelling_is_refused() throws Exception {
        String payload = parts(provider.token(account))[1];
        for (String none : List.of("none", "None", "NONE", "nOnE")) {
            String header = b64("{\"alg\":\"" + none + "\",\"typ\":\"JWT\"}");
            refused(header + "." + payload + ".", 401, "tokenInvalid");
            refused(header + "." + payload + "." + parts(provider.token(account))[2], 401, "tokenInvalid");
        }
    }

    @Test
    void hs256_signed_with_the_public_key_is_refused() throws Exception {
        String kid = provider.key(account).privateJwk().getKeyID();
        byte[] publicKey =
                provider.key(account).privateJwk().toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), claims());
        jwt.sign(new MACSigner(Arrays.copyOf(publicKey, Math.max(32, publicKey.length))));
        refused(jwt.serialize(), 401, "tokenInvalid");
    }

    @Test
    void es256_on_p256_is_refused_where_es256k_is_expected() throws Exception {
        ECKey p256 = new ECKeyGenerator(Curve.P_256)
                .keyID(provider.key(account).privateJwk().getKeyID())
                .generate();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(p256.getKeyID()).build(), claims());
        jwt.sign(new ECDSASigner(p256));
        refused(jwt.serialize(), 401, "tokenInvalid");
    }

    @Test
    void embedded_keys_and_key_urls_in_the_header_are_refused() throws Exception {
        String good = provider.token(account);
        String kid = provider.key(account).privateJwk().getKeyID();
        String jwk = provider.key(account).privateJwk().toPublicJWK().toJSONString();
        for (String extra : List.of(
                "\"jwk\":" + jwk, "\"jku\":\"http://127.0.0.1:1/keys\"", "\"x5u\":\"http://127.0.0.1:1/cert\"")) {
            String header = b64("{\"alg\":\"ES256K\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"," + extra + "}");
            refused(header + "." + parts(good)[1] + "." + parts(good)[2], 401, "tokenInvalid");
        }
    }

    @Test
    void a_kid_with_path_traversal_is_refused() throws Exception {
        String good = provider.token(account);
        String header = b64("{\"alg\":\"ES256K\",\"typ\":\"JWT\",\"kid\":\"../../../etc/passwd\"}");
        refused(header + "." + parts(good)[1] + "." + parts(good)[2], 401, "tokenInvalid");
    }

    @Test
    void null_zero_and_high_s_signatures_are_refused() throws Exception {
        String[] good = parts(provider.token(account));
        refused(good[0] + "." + good[1] + ".", 401, "tokenInvalid");
        refused(good[0] + "." + good[1] + "." + Base64URL.encode(new byte[64]), 401, "tokenInvalid");
        byte[] signature = Base64.getUrlDecoder().decode(good[2]);
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
        byte[] highS = Secp256k1.order().subtract(s).toByteArray();
        byte[] flipped = signature.clone();
        byte[] padded = new byte[32];
        System.arraycopy(
                highS,
                Math.max(0, highS.length - 32),
                padded,
                Math.max(0, 32 - highS.length),
                Math.min(32, highS.length));
        System.arraycopy(padded, 0, flipped, 32, 32);
        refused(good[0] + "." + good[1] + "." + Base64URL.encode(flipped), 401, "tokenInvalid");
    }

    @Test
    void a_token_signed_with_another_accounts_key_is_refused() throws Exception {
        AccountSummary other = provider.newAccount("jwt-other");
        // Claims say "account", but other's key signed them: the key speaks for other's address only.
        String forged = provider.token(other, b -> b.issuer(account.address()));
        refused(forged, 401, "tokenInvalid");
    }

    @Test
    void expired_future_and_incomplete_tokens_are_refused() throws Exception {
        Instant now = Instant.now();
        refused(provider.token(account, b -> b.expirationTime(Date.from(now.minusSeconds(1)))), 401, "tokenExpired");
        refused(provider.token(account, b -> b.notBeforeTime(Date.from(now.plusSeconds(120)))), 401, "tokenInvalid");
        refused(provider.token(account, b -> b.expirationTime(null)), 401, "tokenInvalid");
        refused(provider.token(account, b -> b.issueTime(null)), 401, "tokenInvalid");
        refused(provider.token(account, b -> b.notBeforeTime(null)), 401, "tokenInvalid");
        refused(provider.token(account, b -> b.claim("version", "v2")), 401, "tokenInvalid");
    }

    @Test
    void a_logs_only_token_cannot_open_a_shell_or_read_status() throws Exception {
        String logsOnly =
                provider.token(account, b -> b.claim("leases", Map.of("access", "scoped", "scope", List.of("logs"))));
        refused(logsOnly, 403, "forbidden");
        ProviderTestSupport.Recorder recorder = new ProviderTestSupport.Recorder();
        Throwable failure = null;
        try {
            provider.connect("/lease/7/1/1/shell?service=web", logsOnly, recorder);
        } catch (CompletionException e) {
            failure = e.getCause();
        }
        assertThat(failure).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) failure).getResponse().statusCode())
                .isEqualTo(403);
    }

    @Test
    void a_granular_token_for_another_provider_is_refused() throws Exception {
        String elsewhere = CosmosAddress.fromPublicKey(Secp256k1.compressedPublicKey(Secp256k1.generate()), "akash")
                .value();
        Map<String, Object> permission = new LinkedHashMap<>();
        permission.put("provider", elsewhere);
        permission.put("access", "scoped");
        permission.put("scope", List.of("status", "shell", "logs"));
        String token = provider.token(
                account, b -> b.claim("leases", Map.of("access", "granular", "permissions", List.of(permission))));
        refused(token, 403, "forbidden");
    }

    @Test
    void another_accounts_lease_is_refused_as_if_it_did_not_exist() throws Exception {
        AccountSummary stranger = provider.newAccount("jwt-stranger");
        // 404 for another's lease and for a free number alike: the answer tells no dseq of anyone else.
        refused(provider.token(stranger), 404, "noLease");
        HttpResponse<String> close = provider.send("DELETE", "/lease/7/1/1", provider.token(stranger), null);
        assertThat(close.statusCode()).isEqualTo(404);
        // Naming the owner is for administrators only: anyone else still addresses their own leases.
        HttpResponse<String> named =
                provider.send("DELETE", "/lease/7/1/1?owner=" + account.address(), provider.token(stranger), null);
        assertThat(named.statusCode()).isEqualTo(404);
        HttpResponse<String> free = provider.send("DELETE", "/lease/987654/1/1", provider.token(stranger), null);
        assertThat(free.statusCode()).isEqualTo(404);
        assertThat(provider.json(free).get("message").asText().replace("987654", "7"))
                .isEqualTo(provider.json(close).get("message").asText());
        ProviderTestSupport.expect(provider.send("GET", lease, provider.token(account), null), 200);
    }

    @Test
    void tampered_truncated_garbage_oversized_and_missing_tokens_are_refused() throws Exception {
        String[] good = parts(provider.token(account));
        String tamperedPayload = b64(new String(Base64.getUrlDecoder().decode(good[1]), StandardCharsets.UTF_8)
                .replace(account.address(), provider.newAccount("jwt-victim").address()));
        refused(good[0] + "." + tamperedPayload + "." + good[2], 401, "tokenInvalid");
        refused(good[0] + "." + good[1], 401, "tokenInvalid");
        refused(good[0] + "." + good[1] + "." + good[2].substring(0, good[2].length() / 2), 401, "tokenInvalid");
        refused("garbage", 401, "tokenInvalid");
        refused("a.b.c", 401, "tokenInvalid");
        refused(good[0] + "." + "A".repeat(10_000) + "." + good[2], 401, "tokenInvalid");
        refused(null, 401, "tokenInvalid");
        refused("RAW:Basic YWxhZGRpbjpvcGVuc2VzYW1l", 401, "tokenInvalid");
        refused("RAW:Bearer", 401, "tokenInvalid");
    }

    @Test
    void the_real_token_is_accepted() throws Exception {
        ProviderTestSupport.expect(provider.send("GET", lease, provider.token(account), null), 200);
    }

    private JWTClaimsSet claims() {
        return ProviderTokenClaims.build(
                account.address(), provider.provider().address(), Instant.now(), Duration.ofMinutes(5));
    }
}
