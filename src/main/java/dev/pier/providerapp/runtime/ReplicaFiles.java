package dev.pier.providerapp.runtime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** A file from a replica, read as the workload sees it: by a program run inside it, never by the provider. */
final class ReplicaFiles {

    private ReplicaFiles() {}

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
            var out = new PushbackInputStream(reader.getInputStream(), 1);
            int first = out.read();
            if (first < 0 && reader.waitFor() != 0) {
                String why = new String(reader.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).trim();
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
                        reader.destroy();
                    }
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path + " in " + service + "-" + replica, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + path, e);
        }
    }
}
