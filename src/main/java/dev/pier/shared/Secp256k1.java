package dev.pier.shared;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import dev.pier.base.InvalidInputException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.bouncycastle.jce.spec.ECPrivateKeySpec;
import org.bouncycastle.jce.spec.ECPublicKeySpec;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * secp256k1 key pairs, the curve Cosmos accounts and ES256K tokens use. Everything goes through BouncyCastle
 * explicitly: the JDK has no secp256k1, and a registered-but-not-first provider is silently skipped.
 */
public final class Secp256k1 {

    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final ECNamedCurveParameterSpec CURVE = ECNamedCurveTable.getParameterSpec("secp256k1");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int PRIVATE_KEY_LENGTH = 32;
    private static final int COMPRESSED_LENGTH = 33;

    /**
     * A key pair as bytes: what is stored (the private key encrypted) and published (the compressed public key). Arrays
     * are copied in and out; {@code toString} never shows the private key.
     */
    public record KeyMaterial(byte[] privateKey, byte[] compressedPublicKey) {

        public KeyMaterial {
            if (privateKey == null || privateKey.length != PRIVATE_KEY_LENGTH) {
                throw new IllegalArgumentException("A secp256k1 private key has 32 bytes.");
            }
            if (compressedPublicKey == null || compressedPublicKey.length != COMPRESSED_LENGTH) {
                throw new IllegalArgumentException("A compressed secp256k1 public key has 33 bytes.");
            }
            privateKey = privateKey.clone();
            compressedPublicKey = compressedPublicKey.clone();
        }

        @Override
        public byte[] privateKey() {
            return privateKey.clone();
        }

        @Override
        public byte[] compressedPublicKey() {
            return compressedPublicKey.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof KeyMaterial that
                    && Arrays.equals(privateKey, that.privateKey)
                    && Arrays.equals(compressedPublicKey, that.compressedPublicKey);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(compressedPublicKey);
        }

        @Override
        public String toString() {
            return "KeyMaterial[publicKey=" + HexFormat.of().formatHex(compressedPublicKey) + ", privateKey=(hidden)]";
        }
    }

    private Secp256k1() {}

    /** The group order n: valid private keys are 1 … n − 1, and low-S signatures have S ≤ n / 2. */
    public static BigInteger order() {
        return CURVE.getN();
    }

    /** A new random key pair. */
    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", BOUNCY_CASTLE);
            generator.initialize(new ECGenParameterSpec("secp256k1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle could not generate a secp256k1 key pair", e);
        }
    }

    /**
     * Imports a private key given as 64 hex characters (what {@code akash keys export --unarmored-hex} prints);
     * surrounding whitespace from pasting is ignored. Messages never repeat the key.
     *
     * @throws InvalidInputException naming {@code privateKey} if it is not 32 bytes of hex in 1 … n − 1
     */
    public static KeyPair importPrivateKey(String hex) {
        if (hex == null || hex.isBlank()) {
            throw new InvalidInputException("privateKey", "A private key is required: 64 hexadecimal characters.");
        }
        String trimmed = hex.strip();
        if (trimmed.length() != 2 * PRIVATE_KEY_LENGTH) {
            throw new InvalidInputException(
                    "privateKey",
                    "A private key is 64 hexadecimal characters (32 bytes); " + "this one has " + trimmed.length()
                            + " characters.");
        }
        for (int i = 0; i < trimmed.length(); i++) {
            if (Character.digit(trimmed.charAt(i), 16) < 0) {
                throw new InvalidInputException(
                        "privateKey",
                        "A private key holds only the characters 0-9 and a-f; " + "position " + (i + 1)
                                + " holds something else.");
            }
        }
        return importPrivateKey(HexFormat.of().parseHex(trimmed));
    }

    /**
     * Imports a private key given as 32 big-endian bytes, e.g. one just decrypted from storage.
     *
     * @throws InvalidInputException naming {@code privateKey} if it is not 32 bytes in 1 … n − 1
     */
    public static KeyPair importPrivateKey(byte[] privateKey) {
        if (privateKey == null || privateKey.length != PRIVATE_KEY_LENGTH) {
            throw new InvalidInputException("privateKey", "A private key is 32 bytes.");
        }
        BigInteger d = new BigInteger(1, privateKey);
        if (d.signum() == 0) {
            throw new InvalidInputException("privateKey", "A private key of zero is not a valid secp256k1 key.");
        }
        if (d.compareTo(CURVE.getN()) >= 0) {
            throw new InvalidInputException(
                    "privateKey", "The private key is not below the secp256k1 group order, so it is not a valid key.");
        }
        ECPoint q = new FixedPointCombMultiplier().multiply(CURVE.getG(), d).normalize();
        try {
            KeyFactory factory = KeyFactory.getInstance("EC", BOUNCY_CASTLE);
            return new KeyPair(
                    factory.generatePublic(new ECPublicKeySpec(q, CURVE)),
                    factory.generatePrivate(new ECPrivateKeySpec(d, CURVE)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle could not build a secp256k1 key", e);
        }
    }

    /** The private scalar and the compressed public key of a pair. */
    public static KeyMaterial material(KeyPair keyPair) {
        ECPrivateKey privateKey = (ECPrivateKey) keyPair.getPrivate();
        return new KeyMaterial(toFixedLength(privateKey.getS(), PRIVATE_KEY_LENGTH), compressedPublicKey(keyPair));
    }

    /** The 33-byte compressed public key of a pair (02 or 03 by the parity of y, then x). */
    public static byte[] compressedPublicKey(KeyPair keyPair) {
        return compressedPublicKey((ECPublicKey) keyPair.getPublic());
    }

    /** The 33-byte compressed form of a secp256k1 public key. */
    public static byte[] compressedPublicKey(ECPublicKey publicKey) {
        java.security.spec.ECPoint w = publicKey.getW();
        byte[] out = new byte[COMPRESSED_LENGTH];
        out[0] = (byte) (w.getAffineY().testBit(0) ? 3 : 2);
        System.arraycopy(toFixedLength(w.getAffineX(), 32), 0, out, 1, 32);
        return out;
    }

    /**
     * A public key back from its compressed form, checked to be a point on the curve.
     *
     * @throws InvalidInputException naming {@code publicKey} if it is not a compressed secp256k1 point
     */
    public static ECPublicKey publicKey(byte[] compressedPublicKey) {
        if (compressedPublicKey == null
                || compressedPublicKey.length != COMPRESSED_LENGTH
                || (compressedPublicKey[0] != 2 && compressedPublicKey[0] != 3)) {
            throw new InvalidInputException(
                    "publicKey", "A public key must be a compressed secp256k1 point: 33 bytes starting with 02 or 03.");
        }
        ECPoint point;
        try {
            point = CURVE.getCurve().decodePoint(compressedPublicKey);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("publicKey", "The public key is not a point on the secp256k1 curve.");
        }
        try {
            return (ECPublicKey)
                    KeyFactory.getInstance("EC", BOUNCY_CASTLE).generatePublic(new ECPublicKeySpec(point, CURVE));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("BouncyCastle could not build a secp256k1 public key", e);
        }
    }

    /**
     * The pair as a Nimbus JWK (private part included) for signing ES256K tokens; {@code toPublicJWK()} of it is what
     * the key registry publishes under the same {@code kid}.
     */
    public static ECKey jwk(KeyPair keyPair, String kid) {
        return new ECKey.Builder(Curve.SECP256K1, (ECPublicKey) keyPair.getPublic())
                .privateKey((ECPrivateKey) keyPair.getPrivate())
                .keyID(requireKid(kid))
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256K)
                .build();
    }

    /** A public-only JWK from a stored compressed key, for the key registry (JWKS). */
    public static ECKey publicJwk(byte[] compressedPublicKey, String kid) {
        return new ECKey.Builder(Curve.SECP256K1, publicKey(compressedPublicKey))
                .keyID(requireKid(kid))
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.ES256K)
                .build();
    }

    private static String requireKid(String kid) {
        // Providers find the verification key by kid; a token without one could never be checked.
        if (Objects.requireNonNull(kid, "kid").isBlank()) {
            throw new IllegalArgumentException("A key id (kid) is required");
        }
        return kid;
    }

    /**
     * Unsigned big-endian bytes, left-padded to a fixed length (BigInteger adds a sign byte or drops leading zeros).
     */
    static byte[] toFixedLength(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        if (raw.length == length) {
            return raw;
        }
        byte[] out = new byte[length];
        if (raw.length > length) {
            if (raw.length != length + 1 || raw[0] != 0) {
                throw new IllegalArgumentException("The value does not fit in " + length + " bytes");
            }
            System.arraycopy(raw, 1, out, 0, length);
        } else {
            System.arraycopy(raw, 0, out, length - raw.length, raw.length);
        }
        return out;
    }
}
