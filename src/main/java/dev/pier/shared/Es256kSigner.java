package dev.pier.shared;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import java.text.ParseException;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Signs provider tokens as ES256K in the form Akash providers accept: 64-byte R‖S with S in the lower half of the group
 * order. Nimbus emits high S about half the time and Akash rejects those, so every signature is normalised.
 * {@link #verify} is the strict counterpart the provider side uses.
 */
public final class Es256kSigner {

    // Set on every Nimbus signer and verifier: the JDK has no secp256k1, and its verifier silently answers false.
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final BigInteger N = CURVE.getN();
    private static final BigInteger HALF_N = N.shiftRight(1);
    private static final int SCALAR_LENGTH = 32;
    private static final int SIGNATURE_LENGTH = 2 * SCALAR_LENGTH;

    /**
     * A compact JWS (header {@code alg: ES256K, typ: JWT, kid: <the key's kid>}) over the claims, with a low-S
     * signature.
     *
     * @param privateKey a secp256k1 JWK with its private part and a {@code kid}, which providers look the key up by
     */
    public String sign(JWTClaimsSet claims, ECKey privateKey) {
        Objects.requireNonNull(claims, "claims");
        Objects.requireNonNull(privateKey, "privateKey");
        if (!Curve.SECP256K1.equals(privateKey.getCurve()) || !privateKey.isPrivate()) {
            throw new IllegalArgumentException("ES256K tokens are signed with a private secp256k1 key");
        }
        if (privateKey.getKeyID() == null || privateKey.getKeyID().isBlank()) {
            throw new IllegalArgumentException("The signing key needs a kid: providers find the public key by it");
        }
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256K)
                .type(JOSEObjectType.JWT)
                .keyID(privateKey.getKeyID())
                .build();
        SignedJWT unsigned = new SignedJWT(header, claims);
        byte[] signingInput = unsigned.getSigningInput();
        try {
            ECDSASigner signer = new ECDSASigner(privateKey.toECPrivateKey(BOUNCY_CASTLE), Curve.SECP256K1);
            signer.getJCAContext().setProvider(BOUNCY_CASTLE);
            byte[] signature = toLowS(signer.sign(header, signingInput).decode());
            return new String(signingInput, StandardCharsets.US_ASCII) + "." + Base64URL.encode(signature);
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing an ES256K token failed", e);
        }
    }

    /**
     * Whether a 64-byte R‖S signature has S in 1 … n/2. Anything that is not 64 bytes is not a valid signature and
     * answers false.
     */
    public static boolean isLowS(byte[] signature64) {
        if (signature64 == null || signature64.length != SIGNATURE_LENGTH) {
            return false;
        }
        BigInteger s = sOf(signature64);
        return s.signum() > 0 && s.compareTo(HALF_N) <= 0;
    }

    /**
     * Strict ES256K verification: the header must say ES256K and carry no key material or key location of its own
     * ({@code jwk}, {@code jku}, {@code x5u}, {@code x5c}), no {@code crit} and no unencoded payload; the signature
     * must be 64 bytes with R and S in 1 … n − 1 and S ≤ n/2; then the ECDSA check runs in BouncyCastle. Claims
     * (expiry, scope, …) are the caller's business.
     */
    public static boolean verify(String compactJws, ECPublicKey publicKey) {
        if (compactJws == null || publicKey == null) {
            return false;
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(compactJws);
        } catch (ParseException e) {
            return false; // includes alg "none": Nimbus refuses to parse it as a JWS
        }
        JWSHeader header = jws.getHeader();
        if (!JWSAlgorithm.ES256K.equals(header.getAlgorithm())
                || header.getJWK() != null
                || header.getJWKURL() != null
                || header.getX509CertURL() != null
                || header.getX509CertChain() != null
                || header.getCriticalParams() != null
                || !header.isBase64URLEncodePayload()) {
            return false;
        }
        byte[] signature = jws.getSignature().decode();
        if (!hasValidScalars(signature) || !isLowS(signature)) {
            return false;
        }
        try {
            ECDSAVerifier verifier = new ECDSAVerifier(publicKey);
            verifier.getJCAContext().setProvider(BOUNCY_CASTLE);
            return verifier.verify(header, jws.getSigningInput(), jws.getSignature());
        } catch (JOSEException e) {
            return false; // e.g. a public key on another curve
        }
    }

    /** {@link #verify(String, ECPublicKey)} with a JWK, as a key registry (JWKS) serves it; other curves fail. */
    public static boolean verify(String compactJws, ECKey publicKey) {
        if (publicKey == null || !Curve.SECP256K1.equals(publicKey.getCurve())) {
            return false;
        }
        try {
            return verify(compactJws, publicKey.toECPublicKey(BOUNCY_CASTLE));
        } catch (JOSEException e) {
            return false;
        }
    }

    /** Replaces S by n − S when S is in the upper half; (R, n − S) is the same signature's other, canonical form. */
    static byte[] toLowS(byte[] signature) {
        if (signature.length != SIGNATURE_LENGTH) {
            throw new IllegalStateException("An ES256K signature is 64 bytes, got " + signature.length);
        }
        return sOf(signature).compareTo(HALF_N) <= 0 ? signature : flipS(signature);
    }

    /** Replaces S by n − S unconditionally; tests use it to build the high-S twin of a valid signature. */
    static byte[] flipS(byte[] signature) {
        byte[] out = signature.clone();
        System.arraycopy(unsigned32(N.subtract(sOf(signature))), 0, out, SCALAR_LENGTH, SCALAR_LENGTH);
        return out;
    }

    private static boolean hasValidScalars(byte[] signature) {
        if (signature.length != SIGNATURE_LENGTH) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, SCALAR_LENGTH));
        BigInteger s = sOf(signature);
        return r.signum() > 0 && r.compareTo(N) < 0 && s.signum() > 0 && s.compareTo(N) < 0;
    }

    private static BigInteger sOf(byte[] signature) {
        return new BigInteger(1, Arrays.copyOfRange(signature, SCALAR_LENGTH, SIGNATURE_LENGTH));
    }

    private static byte[] unsigned32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[SCALAR_LENGTH];
        int copy = Math.min(raw.length, SCALAR_LENGTH);
        System.arraycopy(raw, raw.length - copy, out, SCALAR_LENGTH - copy, copy);
        return out;
    }
}
