package dev.pier.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import dev.pier.base.InvalidInputException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Secp256k1Test {

    private static final HexFormat HEX = HexFormat.of();
    /** The generator G, compressed (SEC 2): the public key of private key 1. */
    private static final String G = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    /** 2G, compressed: the public key of private key 2. */
    private static final String TWO_G = "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";

    private static final BigInteger N =
            new BigInteger("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16);

    @Test
    void private_key_one_gives_the_generator_point() {
        KeyPair pair = Secp256k1.importPrivateKey("0".repeat(63) + "1");

        assertThat(HEX.formatHex(Secp256k1.compressedPublicKey(pair))).isEqualTo(G);
        assertThat(HEX.formatHex(Secp256k1.material(pair).privateKey())).isEqualTo("0".repeat(63) + "1");
    }

    @Test
    void private_keys_two_and_n_minus_one_give_the_published_points() {
        assertThat(HEX.formatHex(Secp256k1.compressedPublicKey(Secp256k1.importPrivateKey("0".repeat(63) + "2"))))
                .isEqualTo(TWO_G);
        // (n − 1)·G = −G: same x, odd y, so the 03 prefix.
        String nMinusOne = N.subtract(BigInteger.ONE).toString(16);
        assertThat(HEX.formatHex(Secp256k1.compressedPublicKey(Secp256k1.importPrivateKey(nMinusOne.toUpperCase()))))
                .isEqualTo("03" + G.substring(2));
    }

    @Test
    void pasted_keys_may_carry_surrounding_whitespace() {
        assertThat(HEX.formatHex(
                        Secp256k1.compressedPublicKey(Secp256k1.importPrivateKey(" " + "0".repeat(63) + "1\n"))))
                .isEqualTo(G);
    }

    @Test
    void malformed_private_keys_are_rejected_naming_the_field_without_echoing_the_key() {
        String secretLooking = "zz" + "ab".repeat(31);
        assertRejected(secretLooking, "position 1");
        assertRejected("ab".repeat(31), "has 62 characters");
        assertRejected("ab".repeat(33), "has 66 characters");
        assertRejected("", "required");
        assertRejected(null, "required");
        assertRejected("0".repeat(64), "zero");
        assertRejected(N.toString(16), "group order");
        assertRejected("f".repeat(64), "group order");
        assertThatThrownBy(() -> Secp256k1.importPrivateKey(new byte[31]))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("32 bytes");
    }

    @Test
    void generated_pairs_survive_a_round_trip_through_their_stored_bytes() {
        KeyPair generated = Secp256k1.generate();
        Secp256k1.KeyMaterial material = Secp256k1.material(generated);

        KeyPair imported = Secp256k1.importPrivateKey(material.privateKey());

        assertThat(Secp256k1.material(imported)).isEqualTo(material);
        assertThat(material.privateKey()).hasSize(32);
        assertThat(material.compressedPublicKey()).hasSize(33);
        assertThat(material.toString())
                .doesNotContain(HEX.formatHex(material.privateKey()))
                .contains("hidden");
    }

    @Test
    void compressed_public_keys_decode_back_and_off_curve_points_are_refused() {
        byte[] compressed = HEX.parseHex(G);

        assertThat(Secp256k1.compressedPublicKey(Secp256k1.publicKey(compressed)))
                .isEqualTo(compressed);
        // x = 5 gives x³ + 7 = 132, which is not a square mod p: no point has that x.
        byte[] offCurve = new byte[33];
        offCurve[0] = 2;
        offCurve[32] = 5;
        assertThatThrownBy(() -> Secp256k1.publicKey(offCurve))
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo("publicKey");
        assertThatThrownBy(() -> Secp256k1.publicKey(new byte[65])).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void jwks_carry_the_curve_the_kid_and_es256k() {
        KeyPair pair = Secp256k1.generate();

        ECKey jwk = Secp256k1.jwk(pair, "akash1example");
        ECKey published = Secp256k1.publicJwk(Secp256k1.compressedPublicKey(pair), "akash1example");

        assertThat(jwk.getCurve()).isEqualTo(Curve.SECP256K1);
        assertThat(jwk.isPrivate()).isTrue();
        assertThat(jwk.getKeyID()).isEqualTo("akash1example");
        assertThat(jwk.getAlgorithm()).isEqualTo(JWSAlgorithm.ES256K);
        assertThat(published.isPrivate()).isFalse();
        assertThat(published.toJSONObject()).isEqualTo(jwk.toPublicJWK().toJSONObject());
        assertThatThrownBy(() -> Secp256k1.jwk(pair, " ")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRejected(String hex, String expectedMessagePart) {
        assertThatThrownBy(() -> Secp256k1.importPrivateKey(hex))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(expectedMessagePart)
                .satisfies(e -> {
                    assertThat(((InvalidInputException) e).field()).isEqualTo("privateKey");
                    if (hex != null && !hex.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(hex.strip());
                    }
                });
    }
}
