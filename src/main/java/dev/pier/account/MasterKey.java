package dev.pier.account;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that encrypts account private keys at rest (AES-256-GCM). It comes from {@code PIER_MASTER_KEY} or, on a
 * single machine, from an owner-only key file created on first start, so a copied database alone reveals no key. Blobs
 * are nonce ‖ ciphertext ‖ tag, and the associated data (e.g. the account address) binds each blob to its owner so a
 * blob moved to another row does not decrypt.
 */
public final class MasterKey {

    /** The environment variable that, when set, holds the master key (base64 of 32 bytes). */
    public static final String ENVIRONMENT_VARIABLE = "PIER_MASTER_KEY";

    private static final int KEY_LENGTH = 32;
    private static final int NONCE_LENGTH = 12;
    private static final int TAG_BITS = 128;
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final String fingerprint;
    private final String source;
    private final Path keyFile;

    private MasterKey(byte[] keyBytes, String source, Path keyFile) {
        this.key = new SecretKeySpec(keyBytes, "AES");
        this.fingerprint = HexFormat.of().formatHex(sha256(keyBytes)).substring(0, 8);
        this.source = source;
        this.keyFile = keyFile;
    }

    /**
     * The master key from {@code PIER_MASTER_KEY} when it is set, otherwise from the key file, which is created (32
     * random bytes, base64, owner-only permissions) when it does not exist yet.
     *
     * @param base64FromEnv the value of {@code PIER_MASTER_KEY}, or null/blank when it is not set
     * @param keyFile where the key lives when the environment does not provide one
     * @throws IllegalStateException with the next step when the key is malformed or the file is readable by others
     */
    public static MasterKey load(String base64FromEnv, Path keyFile) {
        Objects.requireNonNull(keyFile, "keyFile");
        if (base64FromEnv != null && !base64FromEnv.isBlank()) {
            return new MasterKey(
                    decode(base64FromEnv, ENVIRONMENT_VARIABLE + " does not hold"), ENVIRONMENT_VARIABLE, keyFile);
        }
        if (!Files.exists(keyFile)) {
            create(keyFile);
        }
        return new MasterKey(read(keyFile), keyFile.toString(), keyFile);
    }

    /** Encrypts under a fresh random nonce; the result is nonce (12 bytes) ‖ ciphertext ‖ tag (16 bytes). */
    public byte[] encrypt(byte[] plaintext, String associatedData) {
        Objects.requireNonNull(plaintext, "plaintext");
        byte[] nonce = new byte[NONCE_LENGTH];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, associatedData);
            byte[] sealed = cipher.doFinal(plaintext);
            return ByteBuffer.allocate(NONCE_LENGTH + sealed.length)
                    .put(nonce)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts a blob from {@link #encrypt} with the same associated data.
     *
     * @throws MasterKeyMismatchException if the key is not the one that encrypted it, the blob was changed, or the
     *     associated data differs
     */
    public byte[] decrypt(byte[] blob, String associatedData) {
        Objects.requireNonNull(blob, "blob");
        if (blob.length < NONCE_LENGTH + TAG_BITS / 8) {
            throw mismatch(associatedData, null);
        }
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(blob, NONCE_LENGTH), associatedData);
            return cipher.doFinal(blob, NONCE_LENGTH, blob.length - NONCE_LENGTH);
        } catch (AEADBadTagException e) {
            throw mismatch(associatedData, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /** The first 8 hex characters of SHA-256 of the key: safe to log, enough to tell two keys apart. */
    public String fingerprint() {
        return fingerprint;
    }

    /** Where the key came from: {@code PIER_MASTER_KEY} or the key file's path. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "MasterKey[fingerprint=" + fingerprint + ", source=" + source + "]";
    }

    private Cipher cipher(int mode, byte[] nonce, String associatedData) throws GeneralSecurityException {
        Objects.requireNonNull(associatedData, "associatedData");
        // A new Cipher per call: Cipher objects are not thread-safe, and GCM forbids reusing one with the same nonce.
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private MasterKeyMismatchException mismatch(String associatedData, Throwable cause) {
        return new MasterKeyMismatchException(
                associatedData,
                "Cannot decrypt the private key of " + associatedData
                        + ": the master key is wrong or the stored key was tampered with. Start Pier with the "
                        + "master key it was"
                        + " created with (" + ENVIRONMENT_VARIABLE + " or " + keyFile
                        + "); the key in use now has fingerprint "
                        + fingerprint + " and came from " + source + ". Nothing has been changed.",
                cause);
    }

    private static byte[] decode(String base64, String problemPrefix) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        if (bytes == null || bytes.length != KEY_LENGTH) {
            throw new IllegalStateException(problemPrefix + " a base64-encoded 32-byte key"
                    + (bytes == null ? " (it is not valid base64)" : " (it decodes to " + bytes.length + " bytes)")
                    + ". Generate one with `openssl rand -base64 32` and keep it: keys stored with a master key "
                    + "can only"
                    + " be read with that same key.");
        }
        return bytes;
    }

    private static byte[] read(Path keyFile) {
        try {
            if (isPosix(keyFile)) {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(keyFile);
                if (permissions.stream().anyMatch(OTHERS::contains)) {
                    throw new IllegalStateException("The master key file " + keyFile
                            + " can be accessed by other users (permissions "
                            + PosixFilePermissions.toString(permissions) + "). Run `chmod 600 " + keyFile
                            + "` and start Pier again.");
                }
            }
            return decode(
                    Files.readString(keyFile, StandardCharsets.US_ASCII),
                    "The master key file " + keyFile + " does not hold");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the master key file " + keyFile, e);
        }
    }

    /**
     * Writes a new key to a temporary file with owner-only permissions, then links it into place; linking fails if
     * another process created the key first, so a key that may already protect data is never overwritten.
     */
    private static void create(Path keyFile) {
        byte[] bytes = new byte[KEY_LENGTH];
        RANDOM.nextBytes(bytes);
        Path absolute = keyFile.toAbsolutePath();
        Path directory = absolute.getParent();
        boolean posix = isPosix(absolute);
        Path temporary = null;
        try {
            if (posix) {
                Files.createDirectories(
                        directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                temporary = Files.createTempFile(directory, ".master-key", ".tmp", ownerOnly());
            } else {
                Files.createDirectories(directory);
                temporary = Files.createTempFile(directory, ".master-key", ".tmp");
            }
            Files.writeString(temporary, Base64.getEncoder().encodeToString(bytes) + "\n", StandardCharsets.US_ASCII);
            try {
                Files.createLink(absolute, temporary);
            } catch (FileAlreadyExistsException e) {
                // Another Pier created it a moment ago: use theirs.
            } catch (UnsupportedOperationException e) {
                Files.move(temporary, absolute);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot create the master key file " + keyFile + "; create its directory" + " or set "
                            + ENVIRONMENT_VARIABLE + " (generate one with `openssl rand -base64 32`)",
                    e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // A stray temporary file holds a key nobody uses; not worth failing start-up for.
                }
            }
        }
    }

    private static FileAttribute<Set<PosixFilePermission>> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    }

    private static boolean isPosix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
