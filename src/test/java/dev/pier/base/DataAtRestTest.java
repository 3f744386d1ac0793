package dev.pier.base;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.ProviderTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

/** Nothing under the data directory is readable by another local user: not the leases, not the logs, not the keys. */
@PierIntegrationTest
class DataAtRestTest {

    @Autowired
    PierProperties pier;

    @Autowired
    ProviderTestSupport provider;

    @Autowired
    MutableClock clock;

    @TempDir
    Path tmp;

    @Test
    void files_a_running_pier_writes_are_owner_only() throws Exception {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
        // A lease with a log, so that leases.json and log.jsonl exist beside the identity and the master key.
        String token = provider.token(provider.newAccount("at-rest"));
        provider.deploy(
                token,
                150,
                "version: \"1\"\nservices:\n  app:\n    command: [\"sh\", \"-c\", \"echo written; sleep 300\"]\n");
        Path data = pier.dataDir().toAbsolutePath();
        Path logs = data.resolve("provider/logs");
        for (int i = 0; i < 100 && !containsFile(logs, "log.jsonl"); i++) {
            Thread.sleep(100);
        }
        List<Path> files = regularFiles(data);
        assertThat(files)
                .extracting(f -> f.getFileName().toString())
                .contains("leases.json", "log.jsonl", "identity.key");
        for (Path file : files) {
            assertThat(otherBits(file)).as("%s", data.relativize(file)).isEmpty();
        }
        assertThat(otherBits(data)).isEmpty();
        ProviderTestSupport.expect(provider.send("DELETE", "/lease/150/1/1", token, null), 200);
    }

    @Test
    void restrict_makes_world_readable_files_owner_only_and_leaves_other_file_systems_alone() throws Exception {
        Path nested = Files.createDirectories(tmp.resolve("a/b"));
        Path db = Files.writeString(nested.resolve("pier.mv.db"), "hashes");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(nested, PosixFilePermissions.fromString("rwxr-xr-x"));
        OwnerOnlyFiles.restrict(tmp);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested)))
                .isEqualTo("rwx------");
    }

    private static boolean containsFile(Path root, String name) throws Exception {
        return Files.isDirectory(root)
                && regularFiles(root).stream()
                        .anyMatch(f -> f.getFileName().toString().equals(name));
    }

    /** Regular files on the data directory's own file system (not a workload's mounted scratch volume). */
    private static List<Path> regularFiles(Path root) throws Exception {
        var store = Files.getFileStore(root);
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(Files::isRegularFile)
                    .filter(p -> {
                        try {
                            return Files.getFileStore(p).equals(store);
                        } catch (Exception e) {
                            return false;
                        }
                    })
                    .toList();
        }
    }

    private static Set<PosixFilePermission> otherBits(Path path) throws Exception {
        var bits = new HashSet<>(Files.getPosixFilePermissions(path));
        bits.retainAll(Set.of(
                PosixFilePermission.GROUP_READ,
                PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_EXECUTE,
                PosixFilePermission.OTHERS_READ,
                PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_EXECUTE));
        return bits;
    }
}
