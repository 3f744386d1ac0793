package dev.pier.shared;

import dev.pier.base.InvalidInputException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;

/**
 * An account address the Cosmos way: bech32(prefix, RIPEMD160(SHA256(compressed public key))). It is the {@code iss} of
 * every provider token and what a provider checks lease ownership against, so it must match what an Akash node derives
 * from the same key byte for byte.
 */
public final class CosmosAddress {

    /** Account addresses are 20 bytes; longer ones (module and contract accounts) never sign tokens. */
    public static final int LENGTH = 20;

    private final String prefix;
    private final byte[] bytes;
    private final String text;

    private CosmosAddress(String prefix, byte[] bytes) {
        this.prefix = prefix;
        this.bytes = bytes;
        this.text = Bech32.encode(prefix, Bech32.convertBits(bytes, 8, 5, true));
    }

    /**
     * The address of a secp256k1 public key (33 bytes, compressed) under a chain's prefix, such as {@code akash}.
     *
     * @throws IllegalArgumentException if the prefix is not a lower-case bech32 prefix (a configuration mistake)
     * @throws InvalidInputException naming {@code publicKey} if the key is not 33 bytes starting with 02 or 03
     */
    public static CosmosAddress fromPublicKey(byte[] compressedPublicKey, String prefix) {
        if (compressedPublicKey == null
                || compressedPublicKey.length != 33
                || (compressedPublicKey[0] != 2 && compressedPublicKey[0] != 3)) {
            throw new InvalidInputException(
                    "publicKey", "A public key must be a compressed secp256k1 point: 33 bytes starting with 02 or 03.");
        }
        return of(prefix, ripemd160(sha256(compressedPublicKey)));
    }

    /** The address for 20 account bytes under a prefix. */
    public static CosmosAddress of(String prefix, byte[] accountBytes) {
        checkPrefix(prefix);
        if (accountBytes == null || accountBytes.length != LENGTH) {
            throw new IllegalArgumentException("An account address holds " + LENGTH + " bytes.");
        }
        return new CosmosAddress(prefix, accountBytes.clone());
    }

    /** Whether {@code address} is a well-formed bech32 account address. */
    public static boolean isValid(String address) {
        try {
            parse(address);
            return true;
        } catch (InvalidInputException e) {
            return false;
        }
    }

    /**
     * Reads and checks an address typed or pasted by someone (upper case is accepted, as BIP-173 allows).
     *
     * @throws InvalidInputException naming {@code address} with what is wrong with it
     */
    public static CosmosAddress parse(String address) {
        if (address == null || address.isBlank()) {
            throw new InvalidInputException("address", "An address is required, for example akash1…");
        }
        String trimmed = address.strip();
        Bech32.Decoded decoded;
        byte[] accountBytes;
        try {
            decoded = Bech32.decode(trimmed);
            accountBytes = Bech32.convertBits(decoded.data(), 5, 8, false);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "address",
                    "'" + trimmed + "' is not a valid address: " + e.getMessage()
                            + ". Copy the address again; a typo is the usual cause.");
        }
        if (accountBytes.length != LENGTH) {
            throw new InvalidInputException(
                    "address",
                    "'" + trimmed + "' holds " + accountBytes.length + " bytes, but an account address holds " + LENGTH
                            + ".");
        }
        return new CosmosAddress(decoded.hrp(), accountBytes);
    }

    /**
     * Like {@link #parse(String)}, and the address must belong to the chain with this prefix (an address for another
     * chain is a valid string that names nobody here).
     */
    public static CosmosAddress parse(String address, String expectedPrefix) {
        CosmosAddress parsed = parse(address);
        if (!parsed.prefix.equals(expectedPrefix)) {
            throw new InvalidInputException(
                    "address",
                    "'" + parsed + "' starts with '" + parsed.prefix + "', but addresses here start with '"
                            + expectedPrefix + "'.");
        }
        return parsed;
    }

    /** The human-readable part, such as {@code akash}. */
    public String prefix() {
        return prefix;
    }

    /** The 20 account bytes (a copy). */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bech32 text, such as {@code akash1…}. */
    public String value() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CosmosAddress that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    private static void checkPrefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        // Cosmos chains use short lower-case prefixes; anything else is a configuration mistake worth stopping at once.
        if (!prefix.matches("[a-z][a-z0-9]{0,30}")) {
            throw new IllegalArgumentException("The address prefix '" + prefix
                    + "' must be lower-case letters and digits, starting with a letter (for example akash).");
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static byte[] ripemd160(byte[] data) {
        // The JDK has no RIPEMD160; BouncyCastle's lightweight digest needs no provider registration.
        RIPEMD160Digest digest = new RIPEMD160Digest();
        digest.update(data, 0, data.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }
}
