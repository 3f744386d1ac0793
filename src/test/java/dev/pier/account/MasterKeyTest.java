package dev.pier.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    private static final String ADDRESS = "akash1mry47pkga5tdswtluy0m8teslpalkdq0n6af90";
    private static final byte[] SECRET = "32 bytes of a private key, say!!".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void encrypted_keys_decrypt_to_the_same_bytes() {
        MasterKey key = MasterKey.load(randomKey(), dir.resolve("unused"));

        byte[] blob = key.encrypt(SECRET, ADDRESS);

        assertThat(blob).hasSize(12 + SECRET.length + 16);
        assertThat(key.decrypt(blob, ADDRESS)).isEqualTo(SECRET);
        assertThat(key.encrypt(SECRET, ADDRESS)).as("a fresh nonce every time").isNotEqualTo(blob);
    }

    @Test
    void a_different_master_key_cannot_decrypt_and_says_what_to_do() {
        Path keyFile = dir.resolve("master.key");
        byte[] blob = MasterKey.load(randomKey(), keyFile).encrypt(SECRET, ADDRESS);
        MasterKey other = MasterKey.load(randomKey(), keyFile);

        assertThatThrownBy(() -> other.decrypt(blob, ADDRESS))
                .isInstanceOf(MasterKeyMismatchException.class)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Cannot decrypt the private key of " + ADDRESS)
                .hasMessageContaining("PIER_MASTER_KEY or " + keyFile)
                .hasMessageContaining(other.fingerprint())
                .hasMessageContaining("Nothing has been changed");
    }

    @Test
    void a_flipped_ciphertext_byte_is_detected() {
        MasterKey key = MasterKey.load(randomKey(), dir.resolve("unused"));
        byte[] blob = key.encrypt(SECRET, ADDRESS);

        for (int i : new int[] {0, 12, 20, blob.length - 1}) {
            byte[] tampered = blob.clone();
            tampered[i] ^= 0x01;

            assertThatThrownBy(() -> key.decrypt(tampered, ADDRESS)).isInstanceOf(MasterKeyMismatchException.class);
        }
        assertThatThrownBy(() -> key.decrypt(new byte[10], ADDRESS)).isInstanceOf(MasterKeyMismatchException.class);
    }

    @Test
    void a_blob_moved_to_another_account_does_not_decrypt() {
        MasterKey key = MasterKey.load(randomKey(), dir.resolve("unused"));
        byte[] blob = key.encrypt(SECRET, ADDRESS);

        assertThatThrownBy(() -> key.decrypt(blob, "akash1someoneelse"))
                .isInstanceOf(MasterKeyMismatchException.class)
                .satisfies(e -> assertThat(((MasterKeyMismatchException) e).associatedData())
                        .isEqualTo("akash1someoneelse"));
    }

    @Test
    void without_the_environment_variable_a_key_file_is_created_owner_only_and_reused() throws Exception {
        Path keyFile = dir.resolve("data/keys/master.key");

        MasterKey first = MasterKey.load(null, keyFile);
        MasterKey second = MasterKey.load("  ", keyFile);

        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Base64.getDecoder().decode(Files.readString(keyFile).strip()))
                .hasSize(32);
        assertThat(second.fingerprint())
                .isEqualTo(first.fingerprint())
                .hasSize(8)
                .matches("[0-9a-f]{8}");
        assertThat(second.decrypt(first.encrypt(SECRET, ADDRESS), ADDRESS)).isEqualTo(SECRET);
        assertThat(first.source()).isEqualTo(keyFile.toString());
        assertThat(first.toString()).contains(first.fingerprint());
        try (var files = Files.list(keyFile.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(keyFile);
        }
    }

    @Test
    void the_environment_variable_wins_over_the_key_file() {
        Path keyFile = dir.resolve("master.key");
        String fromEnv = randomKey();

        MasterKey key = MasterKey.load(fromEnv, keyFile);

        assertThat(key.source()).isEqualTo("PIER_MASTER_KEY");
        assertThat(keyFile).doesNotExist();
        assertThat(MasterKey.load(fromEnv, keyFile).fingerprint()).isEqualTo(key.fingerprint());
    }

    @Test
    void a_key_file_others_can_read_is_refused_with_the_chmod_to_run() throws Exception {
        Path keyFile = dir.resolve("master.key");
        Files.writeString(keyFile, randomKey());
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> MasterKey.load(null, keyFile))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("chmod 600 " + keyFile);

        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r-----"));
        assertThatThrownBy(() -> MasterKey.load(null, keyFile)).hasMessageContaining("chmod 600");
    }

    @Test
    void a_malformed_environment_variable_is_refused_naming_it_and_how_to_make_one() {
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> MasterKey.load(sixteenBytes, dir.resolve("master.key")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PIER_MASTER_KEY")
                .hasMessageContaining("16 bytes")
                .hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> MasterKey.load("not base64 at all!", dir.resolve("master.key")))
                .hasMessageContaining("PIER_MASTER_KEY")
                .hasMessageContaining("not valid base64");
    }

    @Test
    void a_key_file_without_a_valid_key_is_refused_naming_the_file() throws Exception {
        Path keyFile = dir.resolve("master.key");
        Files.writeString(keyFile, "short");
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> MasterKey.load(null, keyFile))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(keyFile.toString())
                .hasMessageContaining("openssl rand -base64 32");
    }

    private static String randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }
}
