package dev.pier.providerapp.gateway;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.base.OwnerOnlyFiles;
import dev.pier.manifest.Manifest;
import dev.pier.manifest.ManifestParser;
import dev.pier.manifest.SecretReferences;
import dev.pier.providerapp.runtime.LeaseId;
import dev.pier.providerapp.runtime.WorkloadRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases this provider holds and the manifest in force for each, kept in the data directory so a restarted provider
 * brings the same workloads back. A manifest is applied to the runtime before it is recorded: a manifest the runtime
 * refuses changes nothing.
 */
class LeaseBook {

    /**
     * One lease as stored: the manifest text in force (null until one is applied) and the values of the secrets it
     * refers to (the file is the provider's own, owner-only, as the containers' environment files are).
     */
    record Lease(LeaseId id, Instant openedAt, String manifest, Map<String, String> secrets) {
        Lease {
            secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
        }

        @Override
        public String toString() {
            return "Lease[" + id.path() + ", secrets=" + secrets.keySet() + "]";
        }
    }

    private static final Logger log = LoggerFactory.getLogger(LeaseBook.class);

    private final Map<LeaseId, Lease> leases = new ConcurrentHashMap<>();
    private final WorkloadRuntime runtime;
    private final ObjectMapper json;
    private final Clock clock;
    private final Path file;

    LeaseBook(WorkloadRuntime runtime, ObjectMapper json, Clock clock, Path dataDir) {
        this.runtime = runtime;
        this.json = json;
        this.clock = clock;
        this.file = dataDir.resolve("leases.json");
    }

    /** Loads the stored leases and starts their workloads again. */
    void restore() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<Lease> stored = json.readValue(file.toFile(), new TypeReference<List<Lease>>() {});
            for (Lease lease : stored) {
                leases.put(lease.id(), lease);
                if (lease.manifest() != null) {
                    try {
                        runtime.apply(
                                lease.id(),
                                SecretReferences.resolve(ManifestParser.parse(lease.manifest()), lease.secrets()));
                    } catch (RuntimeException e) {
                        log.error(
                                "Could not restart the workload of lease {}",
                                lease.id().path(),
                                e);
                    }
                }
            }
            log.info("Restored {} leases", stored.size());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the provider's leases from " + file, e);
        }
    }

    /** Opens a lease for its owner; opening an open lease again changes nothing. */
    synchronized boolean open(LeaseId id) {
        if (leases.containsKey(id)) {
            return false;
        }
        leases.put(id, new Lease(id, clock.instant(), null, Map.of()));
        save();
        return true;
    }

    synchronized boolean close(LeaseId id) {
        if (!leases.containsKey(id)) {
            return false;
        }
        runtime.stop(id);
        leases.remove(id);
        save();
        return true;
    }

    Optional<Lease> find(LeaseId id) {
        return Optional.ofNullable(leases.get(id));
    }

    /** Whether any other owner holds a lease with these numbers (then the caller is refused as not the owner). */
    boolean ownedByAnother(LeaseId id) {
        return leases.keySet().stream()
                .anyMatch(l -> !l.owner().equals(id.owner())
                        && l.dseq() == id.dseq()
                        && l.gseq() == id.gseq()
                        && l.oseq() == id.oseq());
    }

    /** The caller's open leases of a deployment: the manifest goes to each of its groups. */
    List<LeaseId> leasesOf(String owner, long dseq) {
        List<LeaseId> found = new ArrayList<>();
        leases.keySet().forEach(l -> {
            if (l.owner().equals(owner) && l.dseq() == dseq) {
                found.add(l);
            }
        });
        return found;
    }

    boolean deploymentOwnedByAnother(String owner, long dseq) {
        return leases.keySet().stream().anyMatch(l -> !l.owner().equals(owner) && l.dseq() == dseq);
    }

    /** Runs the manifest with the secrets' values in its containers' environment; the text kept has the references. */
    synchronized void apply(LeaseId id, Manifest manifest, Map<String, String> secrets) {
        runtime.apply(id, SecretReferences.resolve(manifest, secrets));
        leases.computeIfPresent(id, (k, lease) -> new Lease(id, lease.openedAt(), manifest.yaml(), secrets));
        save();
    }

    int size() {
        return leases.size();
    }

    private void save() {
        try {
            OwnerOnlyFiles.directory(file.getParent());
            Path temporary = file.resolveSibling("leases.json.tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, OwnerOnlyFiles.FILE);
            Files.writeString(temporary, json.writeValueAsString(List.copyOf(leases.values())), StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the provider's leases to " + file, e);
        }
    }
}
