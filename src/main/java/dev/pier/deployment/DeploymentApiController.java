package dev.pier.deployment;

import dev.pier.account.AccountService;
import dev.pier.auth.PierPrincipal;
import dev.pier.base.InvalidInputException;
import dev.pier.base.api.ApiException;
import dev.pier.manifest.InvalidManifestException;
import dev.pier.manifest.ManifestError;
import dev.pier.provider.client.ProviderErrors;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Deployments for scripts: the same operations as the console, with the same errors and next steps. */
@RestController
class DeploymentApiController {

    record CreateRequest(
            @NotBlank(message = "is required: the provider's address")
            String provider,

            @NotBlank(message = "is required") String name,

            @NotBlank(message = "is required: the manifest YAML")
            String manifest,

            String account,

            /** Values of the secrets the manifest names ({@code ${secret:NAME}}); never answered back. */
            @Nullable Map<String, String> secrets) {

        @Override
        public String toString() {
            // A request logged by a framework must not carry the secrets' values.
            return "CreateRequest[provider=" + provider + ", name=" + name + ", account=" + account + ", secrets="
                    + (secrets == null ? "[]" : secrets.keySet()) + "]";
        }
    }

    private final DeploymentService deployments;
    private final DeploymentSecrets secrets;
    private final AccountService accounts;
    private final LogExport logExport;

    DeploymentApiController(
            DeploymentService deployments, DeploymentSecrets secrets, AccountService accounts, LogExport logExport) {
        this.logExport = logExport;
        this.secrets = secrets;
        this.deployments = deployments;
        this.accounts = accounts;
    }

    /** Pages of 50: a million of them is more than any installation holds, and the offset stays small. */
    static final int MAX_PAGE = 1_000_000;

    @GetMapping("/api/v1/deployments")
    List<DeploymentSummary> list(
            @AuthenticationPrincipal PierPrincipal principal,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(required = false) String state,
            @RequestParam(defaultValue = "0") int page) {
        Boolean active = switch (state == null ? "" : state) {
            case "" -> null;
            case "active" -> true;
            case "closed" -> false;
            default ->
                throw new InvalidInputException(
                        "state", "state is 'active' or 'closed' (or absent for both), not '" + state + "'.");
        };
        if (page < 0 || page > MAX_PAGE) {
            throw new InvalidInputException(
                    "page", "page is a whole number from 0 to " + MAX_PAGE + ", not " + page + ".");
        }
        return deployments
                .list(principal.userId(), name, active, PageRequest.of(page, 50))
                .getContent();
    }

    @PostMapping("/api/v1/deployments")
    ResponseEntity<DeploymentSummary> create(
            @AuthenticationPrincipal PierPrincipal principal, @Valid @RequestBody CreateRequest body) {
        long accountId = body.account() == null || body.account().isBlank()
                ? accounts.defaultAccountOf(principal.userId()).id()
                : accounts.find(principal.userId(), body.account())
                        .orElseThrow(() -> new ApiException(
                                HttpStatus.NOT_FOUND,
                                "noSuchAccount",
                                "You have no account " + body.account() + ".",
                                "List yours with GET /api/v1/accounts."))
                        .id();
        DeploymentSummary created = provider(
                body.provider(),
                () -> deployments.create(
                        principal.userId(),
                        principal.getUsername(),
                        accountId,
                        body.provider(),
                        body.name(),
                        body.manifest(),
                        body.secrets() == null ? Map.of() : body.secrets(),
                        progress -> {}));
        return ResponseEntity.status(HttpStatus.CREATED).body(created);
    }

    /** A deployment's secrets: names, and who set each when; the values are never answered. */
    @GetMapping("/api/v1/deployments/{dseq}/secrets")
    List<DeploymentSecret> secrets(@AuthenticationPrincipal PierPrincipal principal, @PathVariable long dseq) {
        return secrets.list(principal.userId(), dseq);
    }

    /** A secret's new value. */
    record SecretValue(@Nullable String value) {
        @Override
        public String toString() {
            return "SecretValue[…]";
        }
    }

    /**
     * Sets or changes a secret; when the manifest in force names it, it is applied at once and {@code version} is the
     * manifest version that applied it.
     */
    @PutMapping("/api/v1/deployments/{dseq}/secrets/{name}")
    Map<String, Object> setSecret(
            @AuthenticationPrincipal PierPrincipal principal,
            @PathVariable long dseq,
            @PathVariable String name,
            @RequestBody SecretValue body) {
        DeploymentSecrets.Change change = provider(
                dseq,
                principal,
                () -> secrets.set(principal.userId(), principal.getUsername(), dseq, name, body.value(), p -> {}));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", name);
        answer.put("created", change.created());
        answer.put(
                "version", change.applied().map(ManifestVersionSummary::version).orElse(null));
        return answer;
    }

    @DeleteMapping("/api/v1/deployments/{dseq}/secrets/{name}")
    ResponseEntity<Void> removeSecret(
            @AuthenticationPrincipal PierPrincipal principal, @PathVariable long dseq, @PathVariable String name) {
        secrets.remove(principal.userId(), dseq, name);
        return ResponseEntity.noContent().build();
    }

    @PutMapping(value = "/api/v1/deployments/{dseq}/manifest", consumes = MediaType.ALL_VALUE)
    ManifestVersionSummary updateManifest(
            @AuthenticationPrincipal PierPrincipal principal, @PathVariable long dseq, @RequestBody String manifest) {
        return provider(
                dseq,
                principal,
                () -> deployments.updateManifest(
                        principal.userId(), principal.getUsername(), dseq, manifest, progress -> {}));
    }

    /** How many replicas a service should run. */
    record Scale(@Nullable Integer count) {}

    @PutMapping("/api/v1/deployments/{dseq}/services/{service}/count")
    ManifestVersionSummary scale(
            @AuthenticationPrincipal PierPrincipal principal,
            @PathVariable long dseq,
            @PathVariable String service,
            @RequestBody Scale body) {
        if (body.count() == null) {
            throw new InvalidInputException("count", "Give the number of replicas, e.g. {\"count\": 3}.");
        }
        return provider(
                dseq,
                principal,
                () -> deployments.scale(
                        principal.userId(), principal.getUsername(), dseq, service, body.count(), progress -> {}));
    }

    @PostMapping("/api/v1/deployments/{dseq}/services/{service}/restart")
    ManifestVersionSummary restart(
            @AuthenticationPrincipal PierPrincipal principal,
            @PathVariable long dseq,
            @PathVariable String service,
            @RequestParam(required = false) @Nullable Integer replica) {
        return provider(
                dseq,
                principal,
                () -> deployments.restart(principal.userId(), principal.getUsername(), dseq, service, replica));
    }

    @DeleteMapping("/api/v1/deployments/{dseq}")
    DeploymentSummary close(@AuthenticationPrincipal PierPrincipal principal, @PathVariable long dseq) {
        return provider(dseq, principal, () -> deployments.close(principal.userId(), dseq));
    }

    /**
     * Every deployment of the installation for administrators, newest first, 50 a page: {@code owner} a username,
     * {@code provider} an address, {@code state} active or closed, {@code name} part of the name or the dseq.
     */
    @GetMapping("/api/v1/admin/deployments")
    List<AdminDeployment> all(
            @RequestParam(required = false) @Nullable String owner,
            @RequestParam(required = false) @Nullable String provider,
            @RequestParam(required = false) @Nullable String state,
            @RequestParam(required = false) @Nullable String name,
            @RequestParam(defaultValue = "0") int page) {
        Boolean active = state == null || state.isBlank()
                ? null
                : switch (state.trim().toLowerCase(Locale.ROOT)) {
                    case "active" -> Boolean.TRUE;
                    case "closed" -> Boolean.FALSE;
                    default ->
                        throw new InvalidInputException(
                                "state", "Use state=active or state=closed, not '" + state + "'.");
                };
        return deployments
                .listAll(owner, provider, active, name, PageRequest.of(Math.max(0, Math.min(page, 1_000_000)), 50))
                .getContent();
    }

    /** An administrator closes any user's deployment (a disabled user's too); USER gets 403 naming the role. */
    @DeleteMapping("/api/v1/admin/deployments/{dseq}")
    DeploymentSummary closeAsAdministrator(@AuthenticationPrincipal PierPrincipal principal, @PathVariable long dseq) {
        return provider("the provider", () -> deployments.closeAsAdministrator(principal.userId(), dseq));
    }

    @GetMapping("/api/v1/deployments/{dseq}/manifests")
    List<ManifestVersionSummary> versions(@AuthenticationPrincipal PierPrincipal principal, @PathVariable long dseq) {
        return deployments.versions(principal.userId(), dseq);
    }

    /**
     * The full log the provider keeps for the deployment, as text lines ({@code ts service-replica stream message}),
     * streamed as it is read: the provider sends what it has and ends the stream.
     */
    @GetMapping(value = "/api/v1/deployments/{dseq}/logs", produces = MediaType.TEXT_PLAIN_VALUE)
    void logs(
            @AuthenticationPrincipal PierPrincipal principal,
            @PathVariable long dseq,
            @RequestParam(required = false) String service,
            HttpServletResponse response)
            throws IOException {
        DeploymentSummary deployment = deployments
                .find(principal.userId(), dseq)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND,
                        "noSuchDeployment",
                        "You have no deployment " + dseq + ".",
                        "List yours with GET /api/v1/deployments."));
        // Written on this request's thread, as lines arrive: an async response would run outside the request's
        // (stateless) security context.
        response.setContentType(MediaType.TEXT_PLAIN_VALUE + ";charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"deployment-" + dseq + ".log\"");
        logExport.writeLog(deployment, service, response.getOutputStream(), lines -> {});
    }

    /** A refused manifest names every error's line and column; nothing was changed. */
    @ExceptionHandler(InvalidManifestException.class)
    ResponseEntity<Map<String, Object>> invalidManifest(InvalidManifestException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalidManifest");
        body.put("message", e.getMessage());
        body.put(
                "action",
                "Fix the manifest at the lines named (see docs/manifest.md) and send it again; nothing was changed.");
        body.put("errors", e.errors().stream().map(ManifestError::toString).toList());
        return ResponseEntity.badRequest().body(body);
    }

    private <T> T provider(long dseq, PierPrincipal principal, Supplier<T> call) {
        String host = deployments
                .find(principal.userId(), dseq)
                .map(DeploymentSummary::provider)
                .orElse("the provider");
        return provider(host, call);
    }

    private static <T> T provider(String provider, Supplier<T> call) {
        try {
            return call.get();
        } catch (InvalidManifestException | InvalidInputException | AccessDeniedException e) {
            throw e;
        } catch (RuntimeException e) {
            ProviderErrors.Classified classified = ProviderErrors.classify(e, provider);
            HttpStatus status = switch (classified.kind()) {
                case UNREACHABLE, PROVIDER_ERROR, CREDENTIALS_UNAVAILABLE -> HttpStatus.BAD_GATEWAY;
                case CREDENTIALS_REJECTED, FORBIDDEN -> HttpStatus.FORBIDDEN;
                case OTHER -> HttpStatus.BAD_GATEWAY;
            };
            throw new ApiException(
                    status,
                    "provider" + classified.kind().name().charAt(0)
                            + classified
                                    .kind()
                                    .name()
                                    .substring(1)
                                    .toLowerCase(Locale.ROOT)
                                    .replace("_", ""),
                    classified.message(),
                    classified.action().isEmpty()
                            ? "See the provider's message; Pier knows no remedy for it."
                            : classified.action());
        }
    }
}
