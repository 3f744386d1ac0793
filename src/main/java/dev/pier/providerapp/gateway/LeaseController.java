package dev.pier.providerapp.gateway;

import dev.pier.manifest.Manifest;
import dev.pier.manifest.ManifestLimits;
import dev.pier.manifest.ManifestParser;
import dev.pier.manifest.SecretReferences;
import dev.pier.providerapp.runtime.EngineInfo;
import dev.pier.providerapp.runtime.LeaseId;
import dev.pier.providerapp.runtime.WorkloadRuntime;
import dev.pier.shared.LeaseStatus;
import dev.pier.shared.ManifestDelivery;
import dev.pier.shared.ServiceStatus;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** The provider's HTTP routes, modelled on the Akash provider gateway. */
@RestController
class LeaseController {

    private static final Logger log = LoggerFactory.getLogger(LeaseController.class);

    private final TokenVerifier tokens;
    private final LeaseBook leases;
    private final WorkloadRuntime runtime;
    private final ProviderIdentity identity;
    private final ProviderProperties properties;
    private final StreamGuard streams;
    private final WorkloadAccess access;
    private final ManifestLimits limits;

    LeaseController(
            TokenVerifier tokens,
            LeaseBook leases,
            WorkloadRuntime runtime,
            ProviderIdentity identity,
            ProviderProperties properties,
            StreamGuard streams,
            WorkloadAccess access,
            ManifestLimits limits) {
        this.tokens = tokens;
        this.access = access;
        this.limits = limits;
        this.streams = streams;
        this.leases = leases;
        this.runtime = runtime;
        this.identity = identity;
        this.properties = properties;
    }

    @GetMapping("/version")
    Map<String, Object> version() {
        return Map.of("version", "pier-provider/0.1", "address", identity.address());
    }

    @GetMapping("/status")
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("address", identity.address());
        status.put("name", properties.name());
        status.put("isolation", runtime.isolation().name().toLowerCase(Locale.ROOT));
        EngineInfo engine = runtime.engine();
        status.put("engine", Map.of("name", engine.name(), "version", engine.version(), "runtime", engine.runtime()));
        var max = properties.limits();
        status.put(
                "limits",
                Map.of(
                        "maxReplicas",
                        max.maxReplicas(),
                        "maxReplicasPerLease",
                        max.maxReplicasPerLease(),
                        "maxCpu",
                        max.maxCpu(),
                        "maxMemory",
                        max.maxMemory().toBytes(),
                        "maxStorage",
                        max.maxStorage().toBytes()));
        status.put("leases", Map.of("active", leases.size()));
        status.put(
                "capacity",
                Map.of(
                        "cpus",
                        Runtime.getRuntime().availableProcessors(),
                        "memory",
                        Runtime.getRuntime().maxMemory()));
        return status;
    }

    @PostMapping("/lease/{dseq}/{gseq}/{oseq}")
    ResponseEntity<Map<String, Object>> open(
            @PathVariable long dseq,
            @PathVariable int gseq,
            @PathVariable int oseq,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        TokenVerifier.Caller caller = tokens.verify(authorization, Scope.LEASE);
        access.check(caller);
        LeaseId id = new LeaseId(caller.address(), dseq, gseq, oseq);
        if (!leases.open(id)) {
            // Akash refuses a second open of the same lease; a silent second open would hide a numbering collision.
            throw new LeaseExistsException(id);
        }
        return ResponseEntity.status(201).body(Map.of("lease", leaseJson(id), "created", true));
    }

    @DeleteMapping("/lease/{dseq}/{gseq}/{oseq}")
    Map<String, Object> close(
            @PathVariable long dseq,
            @PathVariable int gseq,
            @PathVariable int oseq,
            @RequestParam(required = false) String owner,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        TokenVerifier.Caller caller = tokens.verify(authorization, Scope.LEASE);
        // An administrator (marked so by the console's key registry) may close any account's lease: a disabled
        // user's own keys are withdrawn, so nobody else could end what they left running.
        String holder = owner == null || owner.isBlank() || !caller.administrator() ? caller.address() : owner;
        LeaseId id = requireOwned(leases, new LeaseId(holder, dseq, gseq, oseq));
        if (!holder.equals(caller.address())) {
            log.info("Administrator {} closes lease {} of {}", caller.address(), id.path(), holder);
        }
        leases.close(id);
        streams.leaseClosed(id);
        return Map.of("lease", leaseJson(id), "closed", true);
    }

    @PutMapping(value = "/deployment/{dseq}/manifest", consumes = MediaType.ALL_VALUE)
    Map<String, Object> sendManifest(
            @PathVariable long dseq,
            @RequestBody(required = false) String body,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        TokenVerifier.Caller caller = tokens.verify(authorization, Scope.SEND_MANIFEST);
        access.check(caller);
        List<LeaseId> targets = leases.leasesOf(caller.address(), dseq);
        if (targets.isEmpty()) {
            throw new NoLeaseException(dseq);
        }
        return apply(targets, new ManifestDelivery(body, Map.of()));
    }

    /** A manifest with the values of the secrets it refers to (the console's way of sending one). */
    @PutMapping(value = "/deployment/{dseq}/manifest", consumes = ManifestDelivery.CONTENT_TYPE)
    Map<String, Object> sendManifestWithSecrets(
            @PathVariable long dseq,
            @RequestBody ManifestDelivery delivery,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        TokenVerifier.Caller caller = tokens.verify(authorization, Scope.SEND_MANIFEST);
        access.check(caller);
        List<LeaseId> targets = leases.leasesOf(caller.address(), dseq);
        if (targets.isEmpty()) {
            throw new NoLeaseException(dseq);
        }
        return apply(targets, delivery);
    }

    private Map<String, Object> apply(List<LeaseId> targets, ManifestDelivery delivery) {
        // Validated, and every secret it names present, before anything runs: a refused manifest leaves every workload
        // as it was.
        Manifest manifest = ManifestParser.parse(delivery.manifest(), limits);
        SecretReferences.resolve(manifest, delivery.secrets());
        targets.forEach(id -> leases.apply(id, manifest, delivery.secrets()));
        return Map.of(
                "applied",
                true,
                "leases",
                targets.stream().map(LeaseController::leaseJson).toList());
    }

    /**
     * Restarts a service's replicas, or one replica, with the manifest in force (Pier's addition to the Akash routes;
     * changing what runs takes the manifest scope).
     */
    @PostMapping("/lease/{dseq}/{gseq}/{oseq}/restart")
    Map<String, Object> restart(
            @PathVariable long dseq,
            @PathVariable int gseq,
            @PathVariable int oseq,
            @RequestParam String service,
            @RequestParam(required = false) Integer replica,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        TokenVerifier.Caller caller = tokens.verify(authorization, Scope.SEND_MANIFEST);
        access.check(caller);
        LeaseId id = requireOwned(leases, new LeaseId(caller.address(), dseq, gseq, oseq));
        runtime.restart(id, service, replica);
        return Map.of("lease", leaseJson(id), "service", service, "replica", replica == null ? "all" : replica);
    }

    @GetMapping(value = "/lease/{dseq}/{gseq}/{oseq}/manifest", produces = "application/yaml")
    ResponseEntity<String> manifest(
            @PathVariable long dseq,
            @PathVariable int gseq,
            @PathVariable int oseq,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        LeaseId id = ownedLease(authorization, Scope.GET_MANIFEST, dseq, gseq, oseq);
        String manifest = leases.find(id).map(LeaseBook.Lease::manifest).orElse(null);
        if (manifest == null) {
            throw new NoManifestException(id);
        }
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/yaml"))
                .body(manifest);
    }

    @GetMapping("/lease/{dseq}/{gseq}/{oseq}/status")
    LeaseStatus leaseStatus(
            @PathVariable long dseq,
            @PathVariable int gseq,
            @PathVariable int oseq,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        LeaseId id = ownedLease(authorization, Scope.STATUS, dseq, gseq, oseq);
        Map<String, ServiceStatus> services = new LinkedHashMap<>();
        runtime.status(id).forEach(service -> services.put(service.name(), service));
        return new LeaseStatus(services);
    }

    /**
     * A file from a replica, as its shell sees it (Akash copies files over the shell, so the shell scope covers this);
     * streamed, named after the file. Errors (no such file, a directory) come before any byte.
     */
    @GetMapping("/lease/{dseq}/{gseq}/{oseq}/file")
    ResponseEntity<StreamingResponseBody> file(
            @PathVariable long dseq,
            @PathVariable int gseq,
            @PathVariable int oseq,
            @RequestParam String service,
            @RequestParam(defaultValue = "0") int replica,
            @RequestParam String path,
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        TokenVerifier.Caller caller = tokens.verify(authorization, Scope.SHELL);
        access.check(caller);
        LeaseId id = requireOwned(leases, new LeaseId(caller.address(), dseq, gseq, oseq));
        InputStream content = runtime.readFile(id, service, replica, path);
        String name = path.substring(path.lastIndexOf('/') + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"" + (name.isEmpty() ? "file" : name) + "\"")
                .body(out -> {
                    try (content) {
                        content.transferTo(out);
                    }
                });
    }

    private LeaseId ownedLease(String authorization, Scope scope, long dseq, int gseq, int oseq) {
        TokenVerifier.Caller caller = tokens.verify(authorization, scope);
        return requireOwned(leases, new LeaseId(caller.address(), dseq, gseq, oseq));
    }

    static LeaseId requireOwned(LeaseBook leases, LeaseId id) {
        if (leases.find(id).isPresent()) {
            return id;
        }
        // Another account's lease answers exactly as a free number does: nobody learns which dseqs others use.
        throw new NoLeaseException(id.dseq());
    }

    static Map<String, Object> leaseJson(LeaseId id) {
        return Map.of("owner", id.owner(), "dseq", id.dseq(), "gseq", id.gseq(), "oseq", id.oseq());
    }

    /** No lease of the caller for this deployment (yet): Akash answers 404 noLease, and clients retry. */
    static class NoLeaseException extends RuntimeException {
        NoLeaseException(long dseq) {
            super("This provider holds no lease of yours for deployment " + dseq + ".");
        }
    }

    static class LeaseExistsException extends RuntimeException {
        LeaseExistsException(LeaseId id) {
            super("Lease " + id.dseq() + "/" + id.gseq() + "/" + id.oseq() + " is open already; close it first or "
                    + "open another dseq.");
        }
    }

    static class NoManifestException extends RuntimeException {
        NoManifestException(LeaseId id) {
            super("No manifest has been applied to lease " + id.dseq() + "/" + id.gseq() + "/" + id.oseq() + " yet.");
        }
    }
}
