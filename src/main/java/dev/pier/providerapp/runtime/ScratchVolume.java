package dev.pier.providerapp.runtime;

import dev.pier.base.OwnerOnlyFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A replica's writable scratch space with a hard size: an ext4 file system in a sparse file, loop-mounted nosuid and
 * nodev, owned by the container's root. Writing past its size fails with "No space left on device" inside the
 * container; nothing else of the host's disk can be filled. Podman's own size option needs XFS, which these hosts do
 * not use.
 */
final class ScratchVolume {

    private ScratchVolume() {}

    /** Creates and mounts a volume of {@code bytes} under {@code dir}; returns the mount point. */
    static Path create(Path dir, long bytes, int ownerUid) {
        Path image = dir.resolve("disk.img");
        Path mount = dir.resolve("mnt");
        try {
            remove(dir);
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(mount);
            Files.createFile(image, OwnerOnlyFiles.FILE);
            try (var file = new RandomAccessFile(image.toFile(), "rw")) {
                file.setLength(bytes);
            }
            run("mkfs.ext4", "-q", "-F", "-m", "0", "-E", "root_owner=" + ownerUid + ":" + ownerUid, image.toString());
            run("mount", "-o", "loop,nosuid,nodev", image.toString(), mount.toString());
            // Any user of the container may write there, as in /tmp; the sticky bit keeps their files apart.
            run("chmod", "1777", mount.toString());
            return mount;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the scratch volume in " + dir, e);
        }
    }

    /** Unmounts and deletes the volume (and anything else) under {@code dir}. */
    static void remove(Path dir) {
        for (Path mounted : mountsUnder(dir)) {
            try {
                run("umount", mounted.toString());
            } catch (IOException e) {
                // Still busy (a process of the replica is on its way out): detach it now, it goes when freed.
                try {
                    run("umount", "-l", mounted.toString());
                } catch (IOException ignored) {
                    // Nothing more can be done here; the next start cleans up.
                }
            }
        }
        deleteTree(dir);
    }

    static List<Path> mountsUnder(Path dir) {
        List<Path> found = new ArrayList<>();
        String prefix = dir.toAbsolutePath().normalize() + "/";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] fields = line.split(" ");
                if (fields.length > 1) {
                    String point = fields[1].replace("\\040", " ");
                    if (point.startsWith(prefix)) {
                        found.add(Path.of(point));
                    }
                }
            }
        } catch (IOException e) {
            return found;
        }
        found.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return found;
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir) || !mountsUnder(dir).isEmpty()) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    private static void run(String... command) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        PodmanCli.cleanEnvironment(builder.environment());
        builder.environment().put("PATH", LocalRuntime.PATH);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes()).strip();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(command[0] + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException(command[0] + " failed (" + process.exitValue() + "): " + out);
        }
    }
}
