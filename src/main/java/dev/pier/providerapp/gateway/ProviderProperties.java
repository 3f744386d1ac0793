package dev.pier.providerapp.gateway;

import dev.pier.providerapp.runtime.PodmanSettings;
import dev.pier.providerapp.runtime.RuntimeChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Provider gateway settings (read from provider.yml and the command line).
 *
 * @param consoleUrl where the console's key registry (/.well-known/jwks.json) is
 * @param dataDir the provider's own data directory (identity, leases, scratch volumes, logs)
 * @param address the provider's identity; blank: generated once and kept in the data directory
 * @param name a display name reported by /status
 * @param shellGrace how long a disconnected shell keeps running, waiting for a re-attach
 * @param keepAlive ping interval on every WebSocket
 * @param keepAliveTimeout a peer that answered no ping for this long is disconnected
 * @param keyRefetchInterval the key registry is fetched again on an unknown kid at most this often
 * @param keyRefreshInterval the key registry is re-read this often anyway: a withdrawn key stops working within it
 * @param maxTokenLifetime tokens whose exp − iat is longer are refused, whoever signed them
 * @param runtime {@code auto}: podman containers where podman works, else plain processes; {@code podman}: containers
 *     or no start; {@code process}: plain processes; {@code kubernetes}: a cluster, as {@code kubernetes} says
 * @param requireIsolation refuse plain processes for everyone, administrators included
 * @param images the default image and the pull policy
 * @param limits replica defaults and the provider's maxima
 * @param podman how podman is driven
 * @param kubernetes which cluster and how leases are made there, with {@code runtime=kubernetes}
 */
@ConfigurationProperties("pier.provider")
public record ProviderProperties(
        String consoleUrl,
        Path dataDir,
        String address,
        @DefaultValue("local") String name,
        @DefaultValue("60s") Duration shellGrace,
        @DefaultValue("15s") Duration keepAlive,
        @DefaultValue("30s") Duration keepAliveTimeout,
        @DefaultValue("250ms") Duration keyRefetchInterval,
        @DefaultValue("5s") Duration keyRefreshInterval,
        @DefaultValue("1h") Duration maxTokenLifetime,
        @DefaultValue("auto") RuntimeChoice runtime,
        @DefaultValue("false") boolean requireIsolation,
        @DefaultValue Images images,
        @DefaultValue Limits limits,
        @DefaultValue Podman podman,
        @DefaultValue Kubernetes kubernetes) {

    /**
     * @param defaultImage the image of a service that names none
     * @param pull {@code missing}: pull images the provider lacks; {@code never}: run only images it has
     */
    public record Images(
            @DefaultValue("docker.io/library/busybox:1.36") String defaultImage,
            @DefaultValue("missing") PodmanSettings.PullPolicy pull) {}

    /**
     * Per replica: the defaults a manifest without {@code resources} gets, and the most one may ask for.
     *
     * @param cpu default CPUs of a replica
     * @param memory default memory
     * @param storage default scratch storage
     * @param pids processes and threads of one replica
     * @param maxCpu most CPUs one replica may ask for
     * @param maxMemory most memory
     * @param maxStorage most storage
     * @param maxReplicasPerLease replicas of one deployment, all services together
     * @param maxReplicas replicas of all leases on this provider
     */
    public record Limits(
            @DefaultValue("1") double cpu,
            @DefaultValue("512MB") DataSize memory,
            @DefaultValue("1GB") DataSize storage,
            @DefaultValue("256") int pids,
            @DefaultValue("2") double maxCpu,
            @DefaultValue("4GB") DataSize maxMemory,
            @DefaultValue("10GB") DataSize maxStorage,
            @DefaultValue("20") int maxReplicasPerLease,
            @DefaultValue("100") int maxReplicas) {}

    /**
     * @param binary the podman command
     * @param options global options before every podman command
     * @param uidBase host uid container root maps to (65,536 uids from there)
     * @param subnetPool the /16 lease networks are cut from; the host refuses new connections from it
     * @param publishAddress host address exposed ports are published on
     */
    public record Podman(
            @DefaultValue("podman") String binary,

            @DefaultValue({"--cgroup-manager=cgroupfs", "--events-backend=file", "--runtime=runc"})
            List<String> options,

            @DefaultValue("200000") int uidBase,
            @DefaultValue("10.213.0.0/16") String subnetPool,
            @DefaultValue("127.0.0.1") String publishAddress) {}

    /**
     * @param kubeconfig the kubeconfig to use; empty: KUBECONFIG, ~/.kube/config, then the pod's service account
     * @param context the kubeconfig context; empty: its current one
     * @param masterUrl the API server's address, replacing the kubeconfig's (e.g. a test server)
     * @param namespacePrefix each lease's namespace is this plus a hash of the lease
     * @param serviceType how exposed ports are offered: NodePort or LoadBalancer
     * @param ingressHost with it, a service's port exposed as 80 also gets an Ingress at
     *     {@code <service>-<lease>.<ingressHost>}
     * @param ingressClass the Ingresses' class; empty: the cluster's default
     * @param publicHost the address NodePorts are reached on, shown in a lease's status
     * @param closeTimeout how long closing a lease waits for its namespace to be gone
     */
    public record Kubernetes(
            Path kubeconfig,
            String context,
            String masterUrl,
            @DefaultValue("pier-") String namespacePrefix,
            @DefaultValue("NodePort") ServiceType serviceType,
            String ingressHost,
            String ingressClass,
            @DefaultValue("127.0.0.1") String publicHost,
            @DefaultValue("2m") Duration closeTimeout) {}

    /** How a lease's exposed ports are offered on a cluster. */
    public enum ServiceType {
        NODE_PORT("NodePort"),
        LOAD_BALANCER("LoadBalancer");

        public final String kind;

        ServiceType(String kind) {
            this.kind = kind;
        }
    }
}
