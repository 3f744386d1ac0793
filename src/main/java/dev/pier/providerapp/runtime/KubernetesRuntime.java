package dev.pier.providerapp.runtime;

import dev.pier.manifest.Manifest;
import dev.pier.manifest.ServiceSpec;
import dev.pier.shared.ServiceStatus;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.EnvVarSourceBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Leases on a Kubernetes cluster, as Akash providers run them: a lease is a namespace labelled with its owner and
 * lease, each service a Deployment with a Service in front, the environment (secrets' values included) in a Kubernetes
 * Secret that only the pods read, and a NetworkPolicy that lets nothing from another namespace in. Pods run as a
 * non-root user without privilege escalation, with a read-only root file system and no service-account token.
 *
 * <p>This is the runtime's first part: apply, status, restart and close. Logs, events, shells and file downloads on a
 * cluster are not built yet; until they are, this runtime is not offered by configuration.
 */
final class KubernetesRuntime {

    static final String OWNER_LABEL = "pier.dev/owner";
    static final String LEASE_LABEL = "pier.dev/lease";
    static final String SERVICE_LABEL = "pier.dev/service";
    static final String RESTARTED_AT = "pier.dev/restarted-at";
    /** The user every container runs as ("nobody"): never root. */
    static final long RUN_AS_USER = 65534;

    /**
     * Where and how leases are made.
     *
     * @param namespacePrefix prepended to each lease's namespace ({@code pier-} by default)
     * @param serviceType how exposed ports are offered: NodePort (default) or LoadBalancer
     * @param defaultImage the image of a service that names none
     * @param publicHost the address people reach NodePorts on, for the status's URIs
     */
    record Settings(String namespacePrefix, String serviceType, String defaultImage, String publicHost) {}

    private final KubernetesClient client;
    private final Settings settings;

    KubernetesRuntime(KubernetesClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
    }

    IsolationMode isolation() {
        return IsolationMode.CONTAINER;
    }

    EngineInfo engine() {
        String version;
        try {
            version = client.getKubernetesVersion().getGitVersion();
        } catch (RuntimeException unreachable) {
            version = "unknown";
        }
        return new EngineInfo("kubernetes", version, "cluster");
    }

    /** The lease's namespace: the prefix and a hash of the lease (a DNS label, whatever the owner's address). */
    String namespaceOf(LeaseId lease) {
        return settings.namespacePrefix() + PodmanEngine.leaseKey(lease);
    }

    /** Creates or updates everything of the lease; services the manifest no longer has are removed. */
    void apply(LeaseId lease, Manifest manifest) {
        String namespace = namespaceOf(lease);
        Map<String, String> labels = Map.of(OWNER_LABEL, lease.owner(), LEASE_LABEL, PodmanEngine.leaseKey(lease));
        Namespace wanted = new NamespaceBuilder()
                .withNewMetadata()
                .withName(namespace)
                .withLabels(labels)
                .endMetadata()
                .build();
        client.namespaces().resource(wanted).createOr(NonDeletingOperation::update);
        // Only pods of this namespace may connect to its pods: another lease's are refused.
        client.network()
                .v1()
                .networkPolicies()
                .inNamespace(namespace)
                .resource(new NetworkPolicyBuilder()
                        .withNewMetadata()
                        .withName("lease-only")
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withNewPodSelector()
                        .endPodSelector()
                        .withPolicyTypes("Ingress")
                        .addNewIngress()
                        .addNewFrom()
                        .withNewPodSelector()
                        .endPodSelector()
                        .endFrom()
                        .endIngress()
                        .endSpec()
                        .build())
                .createOr(NonDeletingOperation::update);
        for (ServiceSpec service : manifest.services()) {
            applyService(namespace, labels, service);
        }
        Set<String> kept = manifest.services().stream().map(ServiceSpec::name).collect(Collectors.toSet());
        for (Deployment running :
                client.apps().deployments().inNamespace(namespace).list().getItems()) {
            String name = running.getMetadata().getName();
            if (!kept.contains(name)) {
                client.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName(name)
                        .delete();
                client.services().inNamespace(namespace).withName(name).delete();
                client.secrets().inNamespace(namespace).withName(name + "-env").delete();
            }
        }
    }

    private void applyService(String namespace, Map<String, String> leaseLabels, ServiceSpec service) {
        Map<String, String> labels = new LinkedHashMap<>(leaseLabels);
        labels.put(SERVICE_LABEL, service.name());
        String secret = service.name() + "-env";
        Map<String, String> env = new LinkedHashMap<>(service.env());
        env.put("SERVICE", service.name());
        // The environment, secrets' values included, lives in a Secret only the pods read: never in the Deployment.
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(secret)
                        .withLabels(labels)
                        .endMetadata()
                        .withStringData(env)
                        .build())
                .createOr(NonDeletingOperation::update);
        var container = new ContainerBuilder()
                .withName(service.name())
                .withImage(service.image() == null ? settings.defaultImage() : service.image())
                .withCommand(service.command().isEmpty() ? null : service.command())
                .withArgs(service.args().isEmpty() ? null : service.args())
                .withEnv(env.keySet().stream()
                        .map(name -> new EnvVarBuilder()
                                .withName(name)
                                .withValueFrom(new EnvVarSourceBuilder()
                                        .withNewSecretKeyRef(name, secret, false)
                                        .build())
                                .build())
                        .toList())
                .withPorts(service.expose().stream()
                        .map(e -> new ContainerPortBuilder()
                                .withContainerPort(e.port())
                                .withProtocol(e.proto().toUpperCase(Locale.ROOT))
                                .build())
                        .toList())
                .withResources(resources(service.resources()))
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(RUN_AS_USER)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .build();
        Deployment deployment = new DeploymentBuilder()
                .withNewMetadata()
                .withName(service.name())
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withReplicas(service.count())
                .withNewSelector()
                .withMatchLabels(Map.of(SERVICE_LABEL, service.name()))
                .endSelector()
                .withNewStrategy()
                .withType("RollingUpdate")
                .endStrategy()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                .withAutomountServiceAccountToken(false)
                .withEnableServiceLinks(false)
                .withContainers(container)
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        client.apps().deployments().inNamespace(namespace).resource(deployment).createOr(NonDeletingOperation::update);
        if (service.expose().isEmpty()) {
            client.services().inNamespace(namespace).withName(service.name()).delete();
            return;
        }
        client.services()
                .inNamespace(namespace)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName(service.name())
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withType(settings.serviceType())
                        .withSelector(Map.of(SERVICE_LABEL, service.name()))
                        .withPorts(service.expose().stream()
                                .map(e -> new ServicePortBuilder()
                                        .withName(e.proto() + "-" + e.port())
                                        .withPort(e.as())
                                        .withNewTargetPort(e.port())
                                        .withProtocol(e.proto().toUpperCase(Locale.ROOT))
                                        .build())
                                .toList())
                        .endSpec()
                        .build())
                .createOr(NonDeletingOperation::update);
    }

    private static ResourceRequirements resources(ServiceSpec.Resources resources) {
        Map<String, Quantity> limits = new LinkedHashMap<>();
        if (resources.cpuMillis() != null) {
            limits.put("cpu", new Quantity(resources.cpuMillis() + "m"));
        }
        if (resources.memoryBytes() != null) {
            limits.put("memory", new Quantity(String.valueOf(resources.memoryBytes())));
        }
        if (resources.storageBytes() != null) {
            limits.put("ephemeral-storage", new Quantity(String.valueOf(resources.storageBytes())));
        }
        // Requested as much as allowed: the scheduler places a replica only where its limits fit.
        return new ResourceRequirementsBuilder()
                .withLimits(limits)
                .withRequests(limits)
                .build();
    }

    /** Per service: replicas wanted and ready, restarts and the last exit of its pods, and where it is offered. */
    List<ServiceStatus> status(LeaseId lease) {
        String namespace = namespaceOf(lease);
        List<ServiceStatus> services = new ArrayList<>();
        List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
        for (Deployment deployment :
                client.apps().deployments().inNamespace(namespace).list().getItems()) {
            String name = deployment.getMetadata().getName();
            int total = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 0);
            int ready = deployment.getStatus() == null
                    ? 0
                    : Objects.requireNonNullElse(deployment.getStatus().getReadyReplicas(), 0);
            List<ContainerStatus> containers = pods.stream()
                    .filter(p -> name.equals(p.getMetadata().getLabels().get(SERVICE_LABEL)))
                    .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
                    .flatMap(p -> p.getStatus().getContainerStatuses().stream())
                    .toList();
            int restarts = containers.stream()
                    .mapToInt(c -> Objects.requireNonNullElse(c.getRestartCount(), 0))
                    .sum();
            ContainerStateTerminated last = containers.stream()
                    .map(c -> c.getLastState() == null ? null : c.getLastState().getTerminated())
                    .filter(Objects::nonNull)
                    .max(Comparator.comparing(t -> t.getFinishedAt() == null ? "" : t.getFinishedAt()))
                    .orElse(null);
            List<ServiceStatus.ForwardedPort> forwarded = new ArrayList<>();
            List<String> uris = new ArrayList<>();
            var exposed =
                    client.services().inNamespace(namespace).withName(name).get();
            if (exposed != null && exposed.getSpec().getPorts() != null) {
                for (ServicePort port : exposed.getSpec().getPorts()) {
                    if (port.getNodePort() != null) {
                        forwarded.add(new ServiceStatus.ForwardedPort(
                                port.getTargetPort().getIntVal(),
                                port.getNodePort(),
                                port.getProtocol().toLowerCase(Locale.ROOT),
                                settings.publicHost()));
                        uris.add(settings.publicHost() + ":" + port.getNodePort());
                    }
                }
            }
            services.add(new ServiceStatus(
                    name,
                    total,
                    ready,
                    uris,
                    forwarded,
                    restarts,
                    0,
                    null,
                    last == null ? null : last.getExitCode(),
                    last == null ? null : exitText(last),
                    last == null || last.getFinishedAt() == null ? null : Instant.parse(last.getFinishedAt())));
        }
        return services;
    }

    private static String exitText(ContainerStateTerminated terminated) {
        String reason = terminated.getReason();
        if ("OOMKilled".equals(reason)) {
            return "killed: out of memory";
        }
        return "exited with code " + terminated.getExitCode();
    }

    /** A rolling restart of the service, or one replica's pod deleted (its Deployment starts a new one). */
    void restart(LeaseId lease, String service, @Nullable Integer replica) {
        String namespace = namespaceOf(lease);
        var deployment = client.apps().deployments().inNamespace(namespace).withName(service);
        if (deployment.get() == null) {
            throw new IllegalArgumentException("The lease has no service '" + service + "'.");
        }
        if (replica == null) {
            deployment.edit(d -> new DeploymentBuilder(d)
                    .editSpec()
                    .editTemplate()
                    .editMetadata()
                    .addToAnnotations(RESTARTED_AT, Instant.now().toString())
                    .endMetadata()
                    .endTemplate()
                    .endSpec()
                    .build());
            return;
        }
        List<Pod> pods =
                client.pods().inNamespace(namespace).withLabel(SERVICE_LABEL, service).list().getItems().stream()
                        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                        .toList();
        if (replica < 0 || replica >= pods.size()) {
            throw new IllegalArgumentException(
                    "Service '" + service + "' has " + pods.size() + " replicas; there is no replica " + replica + ".");
        }
        client.pods().inNamespace(namespace).resource(pods.get(replica)).delete();
    }

    /** Deletes the lease's namespace (and so everything in it) and waits until it is gone. */
    void stop(LeaseId lease, Duration timeout) {
        String namespace = namespaceOf(lease);
        var resource = client.namespaces().withName(namespace);
        if (resource.get() == null) {
            return;
        }
        resource.delete();
        resource.waitUntilCondition(Objects::isNull, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
