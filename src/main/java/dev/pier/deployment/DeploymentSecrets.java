package dev.pier.deployment;

import dev.pier.audit.AuditAction;
import dev.pier.audit.AuditLog;
import dev.pier.base.InvalidInputException;
import dev.pier.manifest.ManifestParser;
import dev.pier.manifest.ManifestProgress;
import dev.pier.manifest.SecretReferences;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * A deployment's secrets: set, changed and removed by its owner without ever being shown again. A change to a secret
 * the manifest in force names is applied at once (the provider replaces the replicas that use it) and recorded as the
 * next manifest version; a provider that refuses or cannot be reached leaves the old value in place.
 */
@Service
public class DeploymentSecrets {

    /** Most secrets one deployment holds. */
    static final int MAX_SECRETS = 50;
    /** Longest value, as a manifest's env value may be. */
    static final int MAX_VALUE_CHARS = 32 * 1024;

    private final DeploymentService deployments;
    private final SecretStore store;
    private final AuditLog audit;
    private final Clock clock;

    DeploymentSecrets(DeploymentService deployments, SecretStore store, AuditLog audit, Clock clock) {
        this.deployments = deployments;
        this.store = store;
        this.audit = audit;
        this.clock = clock;
    }

    /** What happened when a secret was set: whether it was new, and the manifest version that applied it, if any. */
    public record Change(boolean created, Optional<ManifestVersionSummary> applied) {}

    /** The deployment's secrets by name, with who set each when; never the values. */
    public List<DeploymentSecret> list(DeploymentSummary deployment) {
        return store.list(deployment.id());
    }

    /** As {@link #list(DeploymentSummary)}, for one of the user's deployments by dseq. */
    public List<DeploymentSecret> list(long userId, long dseq) {
        return deployments
                .find(userId, dseq)
                .map(this::list)
                .orElseThrow(() -> new InvalidInputException("dseq", "You have no deployment " + dseq + "."));
    }

    /**
     * Sets a secret of an active deployment. When the manifest in force names it, the manifest is sent again with the
     * new value first; only once the provider applied it is the value kept (noted "changed secret NAME").
     */
    public Change set(
            long userId, String username, long dseq, String name, String value, Consumer<ManifestProgress> progress) {
        check(name, value);
        Deployment deployment = deployments.active(userId, dseq);
        List<DeploymentSecret> existing = store.list(deployment.getId());
        boolean created = existing.stream().noneMatch(s -> s.name().equals(name));
        if (created && existing.size() >= MAX_SECRETS) {
            throw new InvalidInputException(
                    "name", "A deployment holds at most " + MAX_SECRETS + " secrets; remove one it no longer needs.");
        }
        String yaml = deployments.lastApplied(deployment);
        Optional<ManifestVersionSummary> applied = Optional.empty();
        if (SecretReferences.names(ManifestParser.parse(yaml)).contains(name)) {
            Map<String, String> values = new LinkedHashMap<>(store.values(deployment.getId()));
            values.put(name, value);
            applied = Optional.of(deployments.apply(
                    deployment, yaml, values, username, (created ? "set" : "changed") + " secret " + name, progress));
        }
        store.put(deployment.getId(), name, value, username, clock.instant());
        audit.record(AuditAction.SECRET_SET, "deployment " + dseq, (created ? "set " : "changed ") + name);
        return new Change(created, applied);
    }

    /** Removes a secret the manifest in force does not name (one it names is refused: the reference would dangle). */
    public void remove(long userId, long dseq, String name) {
        Deployment deployment = deployments.active(userId, dseq);
        Set<String> named = SecretReferences.names(ManifestParser.parse(deployments.lastApplied(deployment)));
        if (named.contains(name)) {
            throw new InvalidInputException(
                    "name",
                    "The manifest in force uses the secret '" + name + "'; apply a manifest without ${secret:" + name
                            + "} first, then remove it.");
        }
        if (!store.remove(deployment.getId(), name)) {
            throw new InvalidInputException("name", "Deployment " + dseq + " has no secret '" + name + "'.");
        }
        audit.record(AuditAction.SECRET_REMOVED, "deployment " + dseq, "removed " + name);
    }

    /** Refuses a bad name or value, naming which; the value itself is never repeated in the message. */
    static void check(String name, String value) {
        if (name == null || !SecretReferences.NAME.matcher(name).matches()) {
            throw new InvalidInputException(
                    "name",
                    "A secret's name is a letter, then letters, digits, '_' or '-', at most 63 characters"
                            + (name == null || name.isBlank() ? "." : " (got '" + name + "')."));
        }
        if (value == null || value.isEmpty()) {
            throw new InvalidInputException("value", "Give the secret '" + name + "' a value.");
        }
        if (value.length() > MAX_VALUE_CHARS) {
            throw new InvalidInputException(
                    "value", "The value of '" + name + "' is longer than " + MAX_VALUE_CHARS / 1024 + " KiB.");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new InvalidInputException(
                    "value",
                    "The value of '" + name + "' may not contain line breaks or NUL characters (it becomes an "
                            + "environment variable).");
        }
    }
}
