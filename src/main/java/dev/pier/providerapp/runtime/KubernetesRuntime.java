package dev.pier.providerapp.runtime;

import dev.pier.manifest.Manifest;
import dev.pier.manifest.ServiceSpec;
import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LogLine;
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
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases on a Kubernetes cluster, as Akash providers run them: a lease is a namespace labelled with its owner and
 * lease, each service a Deployment with a Service in front (and an Ingress where a host is configured), the environment
 * (secrets' values included) in a Kubernetes Secret that only the pods read, and a NetworkPolicy that lets nothing from
 * another namespace in. Pods run as a non-root user without privilege escalation, with a read-only root file system and
 * no service-account token.
 *
 * <p>Logs come from one follow per pod into the lease's seq-numbered ring ({@link PodLogFollower}), events from a watch
 * on the namespace ({@link NamespaceEventFollower}), shells and file downloads from exec in the pod. Replica {@code i}
 * of a service is its {@code i}-th pod by name.
 */
public final class KubernetesRuntime implements WorkloadRuntime, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubernetesRuntime.class);

    static final String OWNER_LABEL = "pier.dev/owner";
    static final String LEASE_LABEL = "pier.dev/lease";
    static final String SERVICE_LABEL = "pier.dev/service";
    static final String RESTARTED_AT = "pier.dev/restarted-at";
    /** The user every container runs as ("nobody"): never root. */
    static final long RUN_AS_USER = 65534;

    /** The program a shell runs when the caller names none: bash where the image has it, else sh. */
    static final List<String> DEFAULT_SHELL =
            List.of("env", "TERM=xterm-256color", "sh", "-c", PodmanEngine.DEFAULT_SHELL);

    /**
     * Where and how leases are made.
     *
     * @param namespacePrefix prepended to each lease's namespace ({@code pier-} by default)
     * @param serviceType how exposed ports are offered: NodePort (default) or LoadBalancer
     * @param ingressHost with it, each service's HTTP port also gets an Ingress at
     *     {@code <service>-<lease>.<ingressHost>}; blank: none
     * @param ingressClass the ingress class of those Ingresses; blank: the cluster's default
     * @param defaultImage the image of a service that names none
     * @param publicHost the address people reach NodePorts on, for the status's URIs
     * @param closeTimeout how long closing a lease waits for its namespace to be gone
     * @param logReopenAfter pause before a log follow that ended is opened again
     * @param logRingCapacity log lines kept in memory per lease
     * @param eventRingCapacity events kept in memory per lease
     * @param shellGrace how long a shell with no connection keeps running
     */
    public record Settings(
            String namespacePrefix,
            String serviceType,
            @Nullable String ingressHost,
            @Nullable String ingressClass,
            String defaultImage,
            String publicHost,
            Duration closeTimeout,
            Duration logReopenAfter,
            int logRingCapacity,
            int eventRingCapacity,
            Duration shellGrace) {

        public Settings {
            // The prefix and a 12-character hash make a namespace: a DNS label of at most 63 characters.
            if (namespacePrefix == null || !namespacePrefix.matches("[a-z0-9][-a-z0-9]{0,39}")) {
                throw new IllegalArgumentException("pier.provider.kubernetes.namespace-prefix: lower-case letters, "
                        + "digits and '-', starting with a letter or digit, at most 40 characters (e.g. pier-)");
            }
        }

        /** Namespaces {@code pier-…}, NodePorts on {@code publicHost}, and the local runtime's ring sizes and grace. */
        public static Settings of(String publicHost, String defaultImage) {
            RuntimeSettings local = RuntimeSettings.defaults();
            return new Settings(
                    "pier-",
                    "NodePort",
                    null,
                    null,
                    defaultImage,
                    publicHost,
                    Duration.ofMinutes(2),
                    Duration.ofSeconds(1),
                    local.logRingCapacity(),
                    local.eventRingCapacity(),
                    local.shellGrace());
        }
    }

    private final KubernetesClient client;
    private final Settings settings;
    private final ScheduledExecutorService scheduler;
    /** Log follows, event re-lists, shell pumps: one thread each while busy. */
    private final ExecutorService io = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "pier-kubernetes-io");
        thread.setDaemon(true);
        return thread;
    });

    private final Map<LeaseId, LeaseWatch> leases = new ConcurrentHashMap<>();
    private volatile @Nullable EngineInfo engine;

    public KubernetesRuntime(KubernetesClient client, Settings settings, ScheduledExecutorService scheduler) {
        this.client = client;
        this.settings = settings;
        this.scheduler = scheduler;
    }

    /**
     * A client for the cluster: the kubeconfig at {@code kubeconfig} (its {@code context}, or its current one), else
     * fabric8's usual search (KUBECONFIG, ~/.kube/config, then the pod's service account when run in the cluster);
     * {@code masterUrl}, where given, replaces the API server's address.
     */
    public static KubernetesClient connect(
            @Nullable Path kubeconfig, @Nullable String context, @Nullable String masterUrl) {
        Config config;
        if (kubeconfig != null) {
            if (!Files.isReadable(kubeconfig)) {
                throw new IllegalStateException("pier.provider.kubernetes.kubeconfig: " + kubeconfig
                        + " cannot be read. Name a readable kubeconfig, or leave it empty to use the service account.");
            }
            config = Config.fromKubeconfig(context, kubeconfig.toFile());
        } else {
            config = Config.autoConfigure(context);
        }
        if (masterUrl != null && !masterUrl.isBlank()) {
            config.setMasterUrl(masterUrl);
        }
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public IsolationMode isolation() {
        return IsolationMode.CONTAINER;
    }

    @Override
    public EngineInfo engine() {
        EngineInfo known = engine;
        if (known != null) {
            return known;
        }
        try {
            var version = client.getKubernetesVersion();
            String git = version == null ? null : version.getGitVersion();
            // Asked once: /status is read often, and a cluster's version changes only with an upgrade of it.
            engine = new EngineInfo("kubernetes", git == null ? "unknown" : git, "cluster");
            return engine;
        } catch (RuntimeException unreachable) {
            return new EngineInfo("kubernetes", "unknown", "cluster");
        }
    }

    /** The lease's namespace: the prefix and a hash of the lease (a DNS label, whatever the owner's address). */
    String namespaceOf(LeaseId lease) {
        return settings.namespacePrefix() + PodmanEngine.leaseKey(lease);
    }

    /**
     * Creates or updates everything of the lease, Deployments rolling to the new pods; services the manifest no longer
     * has are removed. Logs and events of the namespace are followed from then on.
     */
    @Override
    public void apply(LeaseId lease, Manifest manifest) {
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
                client.network()
                        .v1()
                        .ingresses()
                        .inNamespace(namespace)
                        .withName(name)
                        .delete();
            }
        }
        watch(lease).start();
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
            client.network()
                    .v1()
                    .ingresses()
                    .inNamespace(namespace)
                    .withName(service.name())
                    .delete();
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
        applyIngress(namespace, labels, service);
    }

    /** The service's first HTTP port (exposed as 80) behind an Ingress host, when one is configured. */
    private void applyIngress(String namespace, Map<String, String> labels, ServiceSpec service) {
        var http = service.expose().stream()
                .filter(e -> "tcp".equalsIgnoreCase(e.proto()) && e.as() == 80)
                .findFirst();
        var ingresses = client.network().v1().ingresses().inNamespace(namespace);
        if (blank(settings.ingressHost()) || http.isEmpty()) {
            ingresses.withName(service.name()).delete();
            return;
        }
        ingresses
                .resource(new IngressBuilder()
                        .withNewMetadata()
                        .withName(service.name())
                        .withLabels(labels)
                        .endMetadata()
                        .withNewSpec()
                        .withIngressClassName(blank(settings.ingressClass()) ? null : settings.ingressClass())
                        .addNewRule()
                        .withHost(hostOf(namespace, service.name()))
                        .withNewHttp()
                        .addNewPath()
                        .withPath("/")
                        .withPathType("Prefix")
                        .withNewBackend()
                        .withNewService()
                        .withName(service.name())
                        .withNewPort()
                        .withNumber(http.get().as())
                        .endPort()
                        .endService()
                        .endBackend()
                        .endPath()
                        .endHttp()
                        .endRule()
                        .endSpec()
                        .build())
                .createOr(NonDeletingOperation::update);
    }

    /** {@code <service>-<lease>.<ingressHost>}: one DNS label per service and lease under the configured host. */
    String hostOf(String namespace, String service) {
        return service + "-" + namespace.substring(settings.namespacePrefix().length()) + "." + settings.ingressHost();
    }

    private static boolean blank(@Nullable String text) {
        return text == null || text.isBlank();
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
    @Override
    public List<ServiceStatus> status(LeaseId lease) {
        String namespace = namespaceOf(lease);
        List<ServiceStatus> services = new ArrayList<>();
        List<Pod> pods = client.pods().inNamespace(namespace).list().getItems();
        // One list per kind for the whole lease: the Status tab asks every few seconds.
        Map<String, io.fabric8.kubernetes.api.model.Service> exposedByName =
                client.services().inNamespace(namespace).list().getItems().stream()
                        .collect(Collectors.toMap(svc -> svc.getMetadata().getName(), svc -> svc));
        Set<String> ingresses = blank(settings.ingressHost())
                ? Set.of()
                : client.network().v1().ingresses().inNamespace(namespace).list().getItems().stream()
                        .map(i -> i.getMetadata().getName())
                        .collect(Collectors.toSet());
        for (Deployment deployment :
                client.apps().deployments().inNamespace(namespace).list().getItems()) {
            String name = deployment.getMetadata().getName();
            int total = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 0);
            int ready = deployment.getStatus() == null
                    ? 0
                    : Objects.requireNonNullElse(deployment.getStatus().getReadyReplicas(), 0);
            List<ContainerStatus> containers = pods.stream()
                    .filter(p -> name.equals(serviceOf(p)))
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
            var exposed = exposedByName.get(name);
            if (exposed != null && exposed.getSpec().getPorts() != null) {
                String balancer = balancerAddress(exposed);
                String host = balancer == null ? settings.publicHost() : balancer;
                for (ServicePort port : exposed.getSpec().getPorts()) {
                    // Behind a load balancer the service's own port is offered; otherwise its node port, once given.
                    Integer offered = balancer == null ? port.getNodePort() : port.getPort();
                    if (offered != null) {
                        forwarded.add(new ServiceStatus.ForwardedPort(
                                port.getTargetPort().getIntVal(),
                                offered,
                                port.getProtocol().toLowerCase(Locale.ROOT),
                                host));
                        uris.add(host + ":" + offered);
                    }
                }
            }
            if (ingresses.contains(name)) {
                uris.add(0, "http://" + hostOf(namespace, name));
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

    /** The address a LoadBalancer Service got from the cluster; null for other types or while it has none. */
    private static @Nullable String balancerAddress(io.fabric8.kubernetes.api.model.Service exposed) {
        if (!"LoadBalancer".equals(exposed.getSpec().getType())
                || exposed.getStatus() == null
                || exposed.getStatus().getLoadBalancer() == null
                || exposed.getStatus().getLoadBalancer().getIngress() == null) {
            return null;
        }
        return exposed.getStatus().getLoadBalancer().getIngress().stream()
                .map(i -> i.getHostname() != null ? i.getHostname() : i.getIp())
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    private static String exitText(ContainerStateTerminated terminated) {
        String reason = terminated.getReason();
        if ("OOMKilled".equals(reason)) {
            return "killed: out of memory";
        }
        return "exited with code " + terminated.getExitCode();
    }

    /** A rolling restart of the service, or one replica's pod deleted (its Deployment starts a new one). */
    @Override
    public void restart(LeaseId lease, String service, @Nullable Integer replica) {
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
        client.pods()
                .inNamespace(namespace)
                .resource(podOf(lease, service, replica))
                .delete();
    }

    /** The service a pod belongs to, by its label; null for a pod Pier did not make. */
    private static @Nullable String serviceOf(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? null : labels.get(SERVICE_LABEL);
    }

    /** Replica {@code replica} of the service: its pods sorted by name, as status and logs number them. */
    private Pod podOf(LeaseId lease, String service, int replica) {
        List<Pod> pods = podsOf(namespaceOf(lease), service);
        if (pods.isEmpty()) {
            throw new IllegalArgumentException("lease " + lease.path() + " has no service '" + service + "'");
        }
        if (replica < 0 || replica >= pods.size()) {
            throw new IllegalArgumentException(
                    "service '" + service + "' has replicas 0 to " + (pods.size() - 1) + ", not " + replica);
        }
        return pods.get(replica);
    }

    private List<Pod> podsOf(String namespace, String service) {
        return client.pods().inNamespace(namespace).withLabel(SERVICE_LABEL, service).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .toList();
    }

    /**
     * Ends the lease's shells and follows, deletes its namespace (and so everything in it) and waits until it is gone.
     * Its logs and events stay readable.
     */
    @Override
    public void stop(LeaseId lease) {
        LeaseWatch watch = leases.get(lease);
        if (watch != null) {
            watch.stop();
        }
        String namespace = namespaceOf(lease);
        var resource = client.namespaces().withName(namespace);
        if (resource.get() == null) {
            return;
        }
        resource.delete();
        resource.waitUntilCondition(Objects::isNull, settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public SequencedLog<LogLine> logs(LeaseId lease) {
        return watch(lease).logs;
    }

    @Override
    public SequencedLog<LeaseEvent> events(LeaseId lease) {
        return watch(lease).events;
    }

    /** An exec of the program with a TTY in the replica's pod; resizes go to it on channel 4. */
    @Override
    public ShellSession shell(LeaseId lease, String service, int replica, String sessionId, List<String> command) {
        LeaseWatch watch = watch(lease);
        synchronized (watch) {
            SharedShell existing = SharedShell.running(watch.shells, sessionId, service, replica);
            if (existing != null) {
                return existing;
            }
            Pod pod = podOf(lease, service, replica);
            List<String> program = command == null || command.isEmpty() ? DEFAULT_SHELL : command;
            ExecWatch exec = client.pods()
                    .inNamespace(namespaceOf(lease))
                    .withName(pod.getMetadata().getName())
                    .inContainer(service)
                    .redirectingInput()
                    .redirectingOutput()
                    .withTTY()
                    .exec(program.toArray(String[]::new));
            SharedShell shell = SharedShell.over(
                    sessionId,
                    service,
                    replica,
                    new ExecTerminal(exec),
                    io,
                    scheduler,
                    settings.shellGrace(),
                    gone -> watch.shells.remove(sessionId, gone));
            watch.shells.put(sessionId, shell);
            return shell;
        }
    }

    /** {@code cat} run by exec in the replica's pod: the file as the workload sees it, never the node's. */
    @Override
    public InputStream readFile(LeaseId lease, String service, int replica, String path) {
        ReplicaFiles.checkPath(path);
        Pod pod = podOf(lease, service, replica);
        // Errors are collected rather than piped: a failed exec closes its pipes with an error, losing what they held.
        var errors = new ByteArrayOutputStream();
        ExecWatch exec = client.pods()
                .inNamespace(namespaceOf(lease))
                .withName(pod.getMetadata().getName())
                .inContainer(service)
                .redirectingOutput()
                .writingError(errors)
                .exec("cat", "--", path);
        return ReplicaFiles.stream(
                new ReplicaFiles.Cat(
                        exec.getOutput(),
                        () -> exec.exitCode().get(settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS),
                        () -> errors.toString(StandardCharsets.UTF_8),
                        exec::close),
                service,
                replica,
                path);
    }

    /** Stops following logs and events and ends the shells; what runs on the cluster keeps running. */
    @Override
    public void close() {
        leases.values().forEach(LeaseWatch::stop);
        io.shutdownNow();
    }

    private LeaseWatch watch(LeaseId lease) {
        return leases.computeIfAbsent(lease, LeaseWatch::new);
    }

    /** What the provider follows of one lease: its pods' logs, its namespace's events, its shells. */
    private final class LeaseWatch implements ResourceEventHandler<Pod> {

        final String namespace;
        final RingLog<LogLine> logs = new RingLog<>(settings.logRingCapacity());
        final RingLog<LeaseEvent> events = new RingLog<>(settings.eventRingCapacity());
        final Map<String, SharedShell> shells = new ConcurrentHashMap<>();
        /** One per pod whose log is followed, by pod name. */
        private final Map<String, PodLogFollower> followers = new ConcurrentHashMap<>();

        private @Nullable NamespaceEventFollower eventFollower;
        private @Nullable SharedIndexInformer<Pod> pods;

        LeaseWatch(LeaseId lease) {
            this.namespace = namespaceOf(lease);
        }

        /** Follows the namespace's events and its pods' logs, once. */
        synchronized void start() {
            if (pods != null) {
                return;
            }
            eventFollower = new NamespaceEventFollower(client, namespace, events, io);
            eventFollower.start();
            pods = client.pods().inNamespace(namespace).inform(this, 0);
        }

        synchronized void stop() {
            shells.values().forEach(SharedShell::terminate);
            if (pods != null) {
                pods.stop();
                pods = null;
            }
            if (eventFollower != null) {
                eventFollower.close();
                eventFollower = null;
            }
            followers.values().forEach(PodLogFollower::stop);
            followers.clear();
        }

        @Override
        public void onAdd(Pod pod) {
            follow(pod);
        }

        @Override
        public void onUpdate(Pod before, Pod pod) {
            follow(pod);
        }

        @Override
        public void onDelete(Pod pod, boolean finalStateUnknown) {
            PodLogFollower follower = followers.remove(pod.getMetadata().getName());
            if (follower != null) {
                follower.stop();
            }
        }

        /** A pod's log is followed once its container has started (before, the API server has none to give). */
        private void follow(Pod pod) {
            String name = pod.getMetadata().getName();
            String service = serviceOf(pod);
            boolean started = pod.getStatus() != null
                    && pod.getStatus().getContainerStatuses() != null
                    && pod.getStatus().getContainerStatuses().stream()
                            .anyMatch(c -> c.getState() != null
                                    && (c.getState().getRunning() != null
                                            || c.getState().getTerminated() != null));
            if (service == null || !started || pod.getMetadata().getDeletionTimestamp() != null) {
                return;
            }
            SharedIndexInformer<Pod> informer = pods;
            int replica = informer == null
                    ? 0
                    : (int) informer.getStore().list().stream()
                            .filter(p -> service.equals(serviceOf(p)))
                            .map(p -> p.getMetadata().getName())
                            .filter(n -> n.compareTo(name) < 0)
                            .count();
            followers.computeIfAbsent(name, n -> {
                var follower =
                        new PodLogFollower(client, namespace, n, service, replica, logs, settings.logReopenAfter());
                io.execute(follower);
                log.debug("Following the log of pod {}/{} as {}-{}", namespace, n, service, replica);
                return follower;
            });
        }
    }

    /** A pod's exec stream with a TTY as a shell's terminal. */
    private record ExecTerminal(ExecWatch exec) implements Terminal {

        @Override
        public InputStream output() {
            return exec.getOutput();
        }

        @Override
        public OutputStream input() {
            return exec.getInput();
        }

        @Override
        public void resize(int columns, int rows) {
            exec.resize(columns, rows);
        }

        @Override
        public void kill() {
            exec.close();
        }

        @Override
        public boolean isAlive() {
            return !exec.exitCode().isDone();
        }

        @Override
        public int waitFor() throws InterruptedException {
            try {
                return exec.exitCode().get();
            } catch (ExecutionException e) {
                // The stream broke without an exit status: the program is out of reach, as if it had ended.
                return -1;
            }
        }
    }
}
