package dev.pier.providerapp.runtime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

/** A file from a replica, read as the workload sees it: by a program run inside it, never by the provider. */
final class ReplicaFiles {

    private ReplicaFiles() {}

    /** Refuses a path no file can have, before anything runs in a replica. */
    static void checkPath(String path) {
        if (path == null || path.isBlank() || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("path: name a file, e.g. /etc/hostname or out/report.txt");
        }
    }

    /**
     * The file's bytes, streamed; refusals (no such file, a directory) throw before the first byte.
     *
     * @throws IllegalArgumentException the replica cannot read that path, with its reason
     */
    static InputStream open(WorkloadEngine engine, Placement placement, String service, int replica, String path) {
        try {
            // cat inside the replica: symlinks and ".." resolve in the workload's view, never the provider's.
            String marker = placement.marker() + "/read/" + UUID.randomUUID();
            Process reader = engine.exec(placement, List.of("cat", "--", path), false, marker)
                    .start();
            reader.getOutputStream().close();
            return stream(
                    new Cat(
                            reader.getInputStream(),
                            reader::waitFor,
                            () -> new String(reader.getErrorStream().readAllBytes(), StandardCharsets.UTF_8),
                            reader::destroy),
                    service,
                    replica,
                    path);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path + " in " + service + "-" + replica, e);
        }
    }

    /**
     * A running {@code cat -- path} inside a replica.
     *
     * @param output its standard output
     * @param exitCode waits for its exit code
     * @param errors what it wrote to standard error (read once it has ended)
     * @param destroy ends it
     */
    record Cat(InputStream output, Callable<Integer> exitCode, Callable<String> errors, Runnable destroy) {}

    /** The cat's output, or its refusal (read before the first byte) as an IllegalArgumentException. */
    static InputStream stream(Cat cat, String service, int replica, String path) {
        try {
            var out = new PushbackInputStream(cat.output(), 1);
            int first;
            try {
                first = out.read();
            } catch (IOException ended) {
                // An exec stream ends its output with an error when the program failed: the exit code says more.
                first = -1;
            }
            if (first < 0 && cat.exitCode().call() != 0) {
                String why = cat.errors().call().trim();
                cat.destroy().run();
                throw new IllegalArgumentException("cannot read " + path + " in " + service + "-" + replica + ": "
                        + why.replaceFirst("^Error: ", "")
                                .replaceFirst("^cat: ", "")
                                .replaceFirst("^.*?: ", ""));
            }
            if (first >= 0) {
                out.unread(first);
            }
            return new FilterInputStream(out) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        cat.destroy().run();
                    }
                }
            };
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cat.destroy().run();
            throw new IllegalStateException("interrupted while reading " + path, e);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            cat.destroy().run();
            throw new UncheckedIOException(
                    "could not read " + path + " in " + service + "-" + replica,
                    e instanceof IOException io ? io : new IOException(e));
        }
    }
}
