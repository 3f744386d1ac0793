package dev.pier.base;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Data at rest is the owner's alone: the database (password hashes), leases, logs and keys are readable by no other
 * local user. Directories are 0700 and files 0600, whatever the process umask.
 */
public final class OwnerOnlyFiles {

    public static final FileAttribute<Set<PosixFilePermission>> FILE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");

    private OwnerOnlyFiles() {}

    /** Creates the directory (and its parents) and makes it owner-only. */
    public static Path directory(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, DIRECTORY_MODE);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        } catch (UnsupportedOperationException e) {
            return dir;
        }
    }

    /**
     * Makes everything under {@code root} owner-only: directories 0700, files 0600. Other file systems mounted below (a
     * workload's scratch volume, which its container writes as another uid) are left as they are.
     */
    public static void restrict(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try {
            FileStore store = Files.getFileStore(root);
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(root) && !Files.getFileStore(dir).equals(store)) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Files.setPosixFilePermissions(dir, DIRECTORY_MODE);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (attrs.isRegularFile()) {
                        Files.setPosixFilePermissions(file, FILE_MODE);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // Gone meanwhile (a rotated log, a closed lease): nothing to protect.
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict " + root, e);
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to set.
        }
    }
}
