package dev.pier.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.pier.base.InvalidInputException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class Es256kSignerTest {

    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final String PROVIDER = "akash1mry47pkga5tdswtluy0m8teslpalkdq0n6af90";
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00.750Z");

    private final Es256kSigner signer = new Es256kSigner();

    @Test
    void ten_thousand_tokens_are_all_low_s_and_all_pass_strict_verification() {
        AtomicInteger lowS = new AtomicInteger();
        AtomicInteger verified = new AtomicInteger();

        // Ten keys in parallel, a thousand tokens each: the same work as one key, spread over the cores.
        IntStream.range(0, 10).parallel().forEach(k -> {
            KeyPair pair = Secp256k1.generate();
            String account = CosmosAddress.fromPublicKey(Secp256k1.compressedPublicKey(pair), "akash")
                    .value();
            ECKey jwk = Secp256k1.jwk(pair, account);
            ECKey published = jwk.toPublicJWK();
            for (int i = 0; i < 1000; i++) {
                String token = signer.sign(
                        ProviderTokenClaims.build(account, PROVIDER, NOW.plusSeconds(i), Duration.ofMinutes(15)), jwk);
                if (Es256kSigner.isLowS(signature(token))) {
                    lowS.incrementAndGet();
                }
                if (Es256kSigner.verify(token, published)) {
                    verified.incrementAndGet();
                }
            }
        });

        assertThat(lowS).hasValue(10_000);
        assertThat(verified).hasValue(10_000);
    }

    @Test
    void nimbus_alone_emits_high_s_signatures_which_is_why_they_are_normalised() throws Exception {
        ECKey jwk = Secp256k1.jwk(Secp256k1.generate(), "k");
        ECDSASigner raw = new ECDSASigner(jwk.toECPrivateKey(BC), Curve.SECP256K1);
        raw.getJCAContext().setProvider(BC);
        JWSHeader header = new JWSHeader(JWSAlgorithm.ES256K);
        int highS = 0;
        for (int i = 0; i < 200; i++) {
            if (!Es256kSigner.isLowS(raw.sign(header, ("token " + i).getBytes(StandardCharsets.US_ASCII))
                    .decode())) {
                highS++;
            }
        }

        // About half; the chance of none in 200 is 2^-200.
        assertThat(highS).isBetween(1, 199);
    }

    @Test
    void the_high_s_twin_of_a_valid_signature_is_rejected_although_plain_ecdsa_accepts_it() throws Exception {
        ECKey jwk = Secp256k1.jwk(Secp256k1.generate(), "k");
        String token = signer.sign(claims(), jwk);
        String highS = withSignature(token, Es256kSigner.flipS(signature(token)));

        ECDSAVerifier lenient = new ECDSAVerifier(jwk.toECPublicKey(BC));
        lenient.getJCAContext().setProvider(BC);
        assertThat(SignedJWT.parse(highS).verify(lenient))
                .as("mathematically a valid signature")
                .isTrue();
        assertThat(Es256kSigner.isLowS(signature(highS))).isFalse();
        assertThat(Es256kSigner.verify(highS, jwk.toPublicJWK())).isFalse();
        assertThat(Es256kSigner.verify(token, jwk.toPublicJWK())).isTrue();
    }

    @Test
    void a_tampered_payload_is_rejected() throws Exception {
        ECKey jwk = Secp256k1.jwk(Secp256k1.generate(), "k");
        String token = signer.sign(claims(), jwk);
        String[] parts = token.split("\\.");
        String payload = new String(Base64URL.from(parts[1]).decode(), StandardCharsets.UTF_8);
        String forged = payload.replace("\"scoped\"", "\"scoped\",\"extra\":true");
        assertThat(forged).isNotEqualTo(payload);

        assertThat(Es256kSigner.verify(parts[0] + "." + Base64URL.encode(forged) + "." + parts[2], jwk.toPublicJWK()))
                .isFalse();
    }

    @Test
    void a_token_of_another_key_is_rejected() {
        ECKey jwk = Secp256k1.jwk(Secp256k1.generate(), "k");
        ECKey other = Secp256k1.jwk(Secp256k1.generate(), "k");

        assertThat(Es256kSigner.verify(signer.sign(claims(), jwk), other.toPublicJWK()))
                .isFalse();
    }

    @Test
    void a_validly_signed_token_whose_header_is_not_plain_es256k_is_rejected() throws Exception {
        KeyPair pair = Secp256k1.generate();
        ECKey publicJwk = Secp256k1.jwk(pair, "k").toPublicJWK();

        assertThat(Es256kSigner.verify(
                        signWithHeader(
                                new JWSHeader.Builder(JWSAlgorithm.ES256K)
                                        .keyID("k")
                                        .build(),
                                pair),
                        publicJwk))
                .as("control: the same path with a plain header verifies")
                .isTrue();
        assertThat(Es256kSigner.verify(signWithHeader(new JWSHeader(JWSAlgorithm.ES256), pair), publicJwk))
                .isFalse();
        assertThat(Es256kSigner.verify(signWithHeader(new JWSHeader(new JWSAlgorithm("es256k")), pair), publicJwk))
                .isFalse();
        assertThat(Es256kSigner.verify(
                        signWithHeader(
                                new JWSHeader.Builder(JWSAlgorithm.ES256K)
                                        .jwk(publicJwk)
                                        .build(),
                                pair),
                        publicJwk))
                .as("embedded jwk")
                .isFalse();
        assertThat(Es256kSigner.verify(
                        signWithHeader(
                                new JWSHeader.Builder(JWSAlgorithm.ES256K)
                                        .jwkURL(URI.create("https://attacker.example/jwks"))
                                        .build(),
                                pair),
                        publicJwk))
                .as("jku")
                .isFalse();
    }

    @Test
    void alg_none_and_broken_signatures_are_rejected() {
        ECKey jwk = Secp256k1.jwk(Secp256k1.generate(), "k");
        String token = signer.sign(claims(), jwk);
        String[] parts = token.split("\\.");
        ECKey published = jwk.toPublicJWK();

        String none = Base64URL.encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        assertThat(Es256kSigner.verify(none, published)).isFalse();
        String noneUpper = Base64URL.encode("{\"alg\":\"NONE\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
        assertThat(Es256kSigner.verify(noneUpper, published)).isFalse();
        assertThat(Es256kSigner.verify(withSignature(token, new byte[64]), published))
                .as("all zero")
                .isFalse();
        assertThat(Es256kSigner.verify(withSignature(token, new byte[63]), published))
                .as("short")
                .isFalse();
        assertThat(Es256kSigner.verify(parts[0] + "." + parts[1], published))
                .as("two parts")
                .isFalse();
        assertThat(Es256kSigner.verify(token, (ECKey) null)).isFalse();
        assertThat(Es256kSigner.isLowS(new byte[64])).isFalse();
        assertThat(Es256kSigner.isLowS(new byte[32])).isFalse();
    }

    @Test
    void a_key_on_another_curve_is_rejected() throws Exception {
        ECKey jwk = Secp256k1.jwk(Secp256k1.generate(), "k");
        ECKey p256 = new ECKeyGenerator(Curve.P_256).keyID("k").generate();

        assertThat(Es256kSigner.verify(signer.sign(claims(), jwk), p256.toPublicJWK()))
                .isFalse();
        assertThatThrownBy(() -> signer.sign(claims(), p256)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> signer.sign(claims(), jwk.toPublicJWK())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_header_names_es256k_jwt_and_the_keys_kid() throws Exception {
        KeyPair pair = Secp256k1.generate();
        String account = CosmosAddress.fromPublicKey(Secp256k1.compressedPublicKey(pair), "akash")
                .value();

        JWSHeader header = SignedJWT.parse(signer.sign(claims(), Secp256k1.jwk(pair, account)))
                .getHeader();

        assertThat(header.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256K);
        assertThat(header.getType()).isEqualTo(JOSEObjectType.JWT);
        assertThat(header.getKeyID()).isEqualTo(account);
        assertThat(header.toJSONObject()).containsOnlyKeys("alg", "typ", "kid");
    }

    @Test
    void the_claims_are_exactly_the_akash_provider_bound_ones() throws Exception {
        KeyPair pair = Secp256k1.generate();
        String account = CosmosAddress.fromPublicKey(Secp256k1.compressedPublicKey(pair), "akash")
                .value();

        String token = signer.sign(
                ProviderTokenClaims.build(account, PROVIDER, NOW, Duration.ofMinutes(15)),
                Secp256k1.jwk(pair, account));
        JWTClaimsSet read = SignedJWT.parse(token).getJWTClaimsSet();

        assertThat(read.getClaims()).containsOnlyKeys("iss", "iat", "nbf", "exp", "version", "leases");
        assertThat(read.getIssuer()).isEqualTo(account);
        long now = NOW.getEpochSecond();
        assertThat(read.getIssueTime().toInstant().getEpochSecond()).isEqualTo(now - 60);
        assertThat(read.getNotBeforeTime()).isEqualTo(read.getIssueTime());
        assertThat(read.getExpirationTime().toInstant().getEpochSecond()).isEqualTo(now + 15 * 60);
        assertThat(read.getStringClaim("version")).isEqualTo("v1");
        Map<String, Object> leases = read.getJSONObjectClaim("leases");
        assertThat(leases).containsOnlyKeys("access", "permissions").containsEntry("access", "granular");
        assertThat((List<?>) leases.get("permissions"))
                .singleElement()
                .isEqualTo(Map.of(
                        "provider",
                        PROVIDER,
                        "access",
                        "scoped",
                        "scope",
                        List.of("lease", "status", "shell", "events", "logs", "send-manifest", "get-manifest")));
        // The payload as a provider sees it: whole seconds, no fractions.
        String payload = new String(Base64URL.from(token.split("\\.")[1]).decode(), StandardCharsets.UTF_8);
        assertThat(payload).contains("\"exp\":" + (now + 900)).doesNotContain(".75");
    }

    @Test
    void claims_use_whole_seconds_and_the_given_backdate() {
        JWTClaimsSet claims = ProviderTokenClaims.build(PROVIDER, PROVIDER, NOW, Duration.ofSeconds(30), Duration.ZERO);

        assertThat(claims.getIssueTime().toInstant()).isEqualTo(Instant.parse("2025-06-01T12:00:00Z"));
        assertThat(claims.getExpirationTime().toInstant()).isEqualTo(Instant.parse("2025-06-01T12:00:30Z"));
    }

    @Test
    void claims_refuse_bad_addresses_naming_which_one_and_a_lifetime_that_is_not_positive() {
        assertThatThrownBy(() -> ProviderTokenClaims.build("akash1nope", PROVIDER, NOW, Duration.ofMinutes(1)))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("accountAddress");
        assertThatThrownBy(() -> ProviderTokenClaims.build(PROVIDER, "", NOW, Duration.ofMinutes(1)))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("providerAddress");
        assertThatThrownBy(() -> ProviderTokenClaims.build(PROVIDER, PROVIDER, NOW, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProviderTokenClaims.build(
                        PROVIDER, PROVIDER, NOW, Duration.ofMinutes(1), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static JWTClaimsSet claims() {
        return ProviderTokenClaims.build(PROVIDER, PROVIDER, NOW, Duration.ofMinutes(15));
    }

    private static byte[] signature(String token) {
        return Base64URL.from(token.substring(token.lastIndexOf('.') + 1)).decode();
    }

    private static String withSignature(String token, byte[] signature) {
        return token.substring(0, token.lastIndexOf('.') + 1) + Base64URL.encode(signature);
    }

    /** A token whose signature is valid for the key whatever the header says, so only the header can fail it. */
    private static String signWithHeader(JWSHeader header, KeyPair pair) throws Exception {
        String signingInput = header.toBase64URL() + "." + claims().toPayload().toBase64URL();
        Signature ecdsa = Signature.getInstance("SHA256withECDSA", BC);
        ecdsa.initSign(pair.getPrivate());
        ecdsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        byte[] concat = Es256kSigner.toLowS(ECDSA.transcodeSignatureToConcat(ecdsa.sign(), 64));
        return signingInput + "." + Base64URL.encode(concat);
    }
}
