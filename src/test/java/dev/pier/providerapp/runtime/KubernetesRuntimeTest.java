package dev.pier.providerapp.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pier.manifest.Manifest;
import dev.pier.manifest.ManifestParser;
import dev.pier.manifest.SecretReferences;
import dev.pier.shared.LogLine;
import dev.pier.shared.ServiceStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.ErrorStreamMessage;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.server.mock.OutputStreamMessage;
import io.fabric8.kubernetes.client.server.mock.StatusStreamMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The Kubernetes runtime against fabric8's mock API server in CRUD mode (no real cluster runs on these machines). */
@EnableKubernetesMockClient(crud = true)
class KubernetesRuntimeTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    /** The mock server keeps what each test made: every test has leases of its own. */
    static final AtomicLong DSEQ = new AtomicLong(1000);

    final LeaseId lease = new LeaseId("akash1owner", DSEQ.incrementAndGet(), 1, 1);
    final LeaseId other = new LeaseId("akash1other", DSEQ.incrementAndGet(), 1, 1);
    static final String MANIFEST = """
            version: "1"
            services:
              web:
                image: docker.io/library/nginx:1.27
                env:
                  - GREETING=hello
                  - TOKEN=${secret:api-token}
                expose:
                  - port: 8080
                    as: 80
                count: 2
                resources:
                  cpu: 0.5
                  memory: 256Mi
              worker:
                command: ["sh", "-c", "sleep 300"]
            """;

    static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();

    static KubernetesRuntime.Settings settings() {
        return KubernetesRuntime.Settings.of("203.0.113.7", "busybox:1.36");
    }

    KubernetesRuntime runtime() {
        return new KubernetesRuntime(client, settings(), SCHEDULER);
    }

    static Manifest manifest(String yaml) {
        return SecretReferences.resolve(ManifestParser.parse(yaml), Map.of("api-token", "hunter2"));
    }

    @Test
    void a_lease_is_a_labelled_namespace_with_a_deployment_and_service_per_service() {
        KubernetesRuntime runtime = runtime();
        runtime.apply(lease, manifest(MANIFEST));
        String namespace = runtime.namespaceOf(lease);

        var ns = client.namespaces().withName(namespace).get();
        assertThat(ns.getMetadata().getLabels())
                .containsEntry(KubernetesRuntime.OWNER_LABEL, "akash1owner")
                .containsEntry(KubernetesRuntime.LEASE_LABEL, PodmanEngine.leaseKey(lease));
        Deployment web = client.apps()
                .deployments()
                .inNamespace(namespace)
                .withName("web")
                .get();
        assertThat(web.getSpec().getReplicas()).isEqualTo(2);
        var pod = web.getSpec().getTemplate().getSpec();
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        var container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("docker.io/library/nginx:1.27");
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getResources().getLimits().get("cpu").toString()).isEqualTo("500m");
        assertThat(container
                        .getResources()
                        .getLimits()
                        .get("memory")
                        .getNumericalAmount()
                        .longValue())
                .isEqualTo(256L << 20);
        // The values live in the Secret; the Deployment only names them.
        assertThat(container.getEnv()).allSatisfy(e -> {
            assertThat(e.getValue()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("web-env");
        });
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName("web")
                        .get()
                        .toString())
                .doesNotContain("hunter2");
        var secret = client.secrets().inNamespace(namespace).withName("web-env").get();
        assertThat(secret.getStringData() != null ? secret.getStringData() : Map.of())
                .containsEntry("TOKEN", "hunter2")
                .containsEntry("GREETING", "hello");

        var service = client.services().inNamespace(namespace).withName("web").get();
        assertThat(service.getSpec().getType()).isEqualTo("NodePort");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getPort()).isEqualTo(80);
            assertThat(p.getTargetPort().getIntVal()).isEqualTo(8080);
        });
        assertThat(client.services().inNamespace(namespace).withName("worker").get())
                .as("no Service for a service that exposes nothing")
                .isNull();

        // Only this namespace's pods may connect to its pods.
        var policy = client.network()
                .v1()
                .networkPolicies()
                .inNamespace(namespace)
                .withName("lease-only")
                .get();
        assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(policy.getSpec().getIngress())
                .singleElement()
                .satisfies(rule -> assertThat(rule.getFrom())
                        .singleElement()
                        .satisfies(
                                peer -> assertThat(peer.getNamespaceSelector()).isNull()));
        // Two leases, two namespaces.
        runtime.apply(other, manifest(MANIFEST));
        assertThat(runtime.namespaceOf(other)).isNotEqualTo(namespace);
    }

    @Test
    void an_update_scales_and_removes_services_the_manifest_dropped() {
        KubernetesRuntime runtime = runtime();
        runtime.apply(lease, manifest(MANIFEST));
        String namespace = runtime.namespaceOf(lease);

        runtime.apply(lease, manifest(MANIFEST.replace("count: 2", "count: 3").replaceAll("(?s)  worker:.*", "")));

        assertThat(client.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName("web")
                        .get()
                        .getSpec()
                        .getReplicas())
                .isEqualTo(3);
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName("worker")
                        .get())
                .isNull();
        assertThat(client.secrets()
                        .inNamespace(namespace)
                        .withName("worker-env")
                        .get())
                .isNull();
    }

    @Test
    void status_reads_readiness_restarts_the_last_exit_and_the_node_ports() {
        KubernetesRuntime runtime = runtime();
        runtime.apply(lease, manifest(MANIFEST));
        String namespace = runtime.namespaceOf(lease);
        client.apps().deployments().inNamespace(namespace).withName("web").editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withReadyReplicas(1).build());
            return d;
        });
        client.services().inNamespace(namespace).withName("web").edit(s -> {
            s.getSpec().getPorts().get(0).setNodePort(31080);
            return s;
        });
        client.pods().inNamespace(namespace).resource(crashedPod("web-a", 4, 3)).create();
        client.pods()
                .inNamespace(namespace)
                .resource(crashedPod("web-b", 1, 137))
                .create();

        ServiceStatus web = runtime.status(lease).stream()
                .filter(s -> s.name().equals("web"))
                .findFirst()
                .orElseThrow();
        assertThat(web.total()).isEqualTo(2);
        assertThat(web.ready()).isEqualTo(1);
        assertThat(web.restarts()).isEqualTo(5);
        assertThat(web.lastExitCode()).isNotNull();
        assertThat(web.forwardedPorts())
                .containsExactly(new ServiceStatus.ForwardedPort(8080, 31080, "tcp", "203.0.113.7"));
        assertThat(web.uris()).containsExactly("203.0.113.7:31080");
    }

    /** A started pod of {@code web}, as the kubelet reports one. */
    private static Pod runningPod(String name) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of(KubernetesRuntime.SERVICE_LABEL, "web"))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("web")
                        .withReady(true)
                        .withNewState()
                        .withNewRunning()
                        .withStartedAt("2026-12-02T10:00:00Z")
                        .endRunning()
                        .endState()
                        .build())
                .endStatus()
                .build();
    }

    @Test
    void a_shell_is_an_exec_with_a_tty_that_echoes_and_resizes_on_channel_4() throws Exception {
        KubernetesRuntime runtime = runtime();
        runtime.apply(lease, manifest(MANIFEST));
        String namespace = runtime.namespaceOf(lease);
        client.pods().inNamespace(namespace).resource(runningPod("web-a")).create();
        client.pods().inNamespace(namespace).resource(runningPod("web-b")).create();
        // The API server's side of the exec: a prompt, the echo of what was typed, and the resize as channel 4 JSON.
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/" + namespace + "/pods/web-b/exec?command=sh&container=web&tty=true"
                        + "&stdin=true&stdout=true")
                .andUpgradeToWebSocket()
                .open(new OutputStreamMessage("$ "))
                .expect("\u0000echo hi\r")
                .andEmit(new OutputStreamMessage("echo hi\r\nhi\r\n$ "))
                .always()
                .expect("\u0004{\"Width\":120,\"Height\":40}")
                .andEmit(new OutputStreamMessage("[resized 120x40]"))
                .always()
                .expect("\u0000exit\r")
                .andEmit(new StatusStreamMessage(0))
                .always()
                .done()
                .once();

        ShellSession shell = runtime.shell(lease, "web", 1, "session-1", List.of("sh"));
        var screen = new java.io.ByteArrayOutputStream();
        var exit = new java.util.concurrent.CompletableFuture<Integer>();
        shell.attach(bytes -> screen.writeBytes(bytes), exit::complete);
        await(() -> screen.toString().contains("$ "));
        shell.write("echo hi\r".getBytes(StandardCharsets.UTF_8));
        await(() -> screen.toString().contains("hi\r\nhi\r\n$ "));
        shell.resize(120, 40);
        await(() -> screen.toString().contains("[resized 120x40]"));
        assertThat(runtime.shell(lease, "web", 1, "session-1", List.of("sh")))
                .as("the same session attaches again")
                .isSameAs(shell);
        shell.write("exit\r".getBytes(StandardCharsets.UTF_8));
        assertThat(exit.get(10, TimeUnit.SECONDS)).isZero();
        assertThatThrownBy(() -> runtime.shell(lease, "web", 2, "session-2", List.of("sh")))
                .hasMessageContaining("replicas 0 to 1, not 2");
        runtime.close();
    }

    @Test
    void a_file_download_is_cat_in_the_pod_and_a_refusal_names_the_reason() throws Exception {
        KubernetesRuntime runtime = runtime();
        runtime.apply(lease, manifest(MANIFEST));
        String namespace = runtime.namespaceOf(lease);
        client.pods().inNamespace(namespace).resource(runningPod("web-a")).create();
        String exec = "/api/v1/namespaces/" + namespace + "/pods/web-a/exec?command=cat&command=--&command=";
        server.expect()
                .get()
                .withPath(exec + "%2Fetc%2Fhostname&container=web&stdout=true&stderr=true")
                .andUpgradeToWebSocket()
                .open(new OutputStreamMessage("web-a\n"), new StatusStreamMessage(0))
                .done()
                .once();
        server.expect()
                .get()
                .withPath(exec + "%2Fnope&container=web&stdout=true&stderr=true")
                .andUpgradeToWebSocket()
                .open(
                        new ErrorStreamMessage("cat: can't open '/nope': No such file or directory\n"),
                        new StatusStreamMessage(1))
                .done()
                .once();

        try (var file = runtime.readFile(lease, "web", 0, "/etc/hostname")) {
            assertThat(new String(file.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("web-a\n");
        }
        assertThatThrownBy(() -> runtime.readFile(lease, "web", 0, "/nope"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot read /nope in web-0: No such file or directory");
        assertThatThrownBy(() -> runtime.readFile(lease, "web", 0, "")).hasMessageStartingWith("path:");
        runtime.close();
    }

    @Test
    void every_started_pod_s_log_is_followed_into_the_lease_s_numbered_log() throws Exception {
        KubernetesRuntime runtime = runtime();
        runtime.apply(lease, manifest(MANIFEST));
        String namespace = runtime.namespaceOf(lease);
        for (String pod : List.of("web-a", "web-b")) {
            server.expect()
                    .get()
                    .withPath("/api/v1/namespaces/" + namespace + "/pods/" + pod
                            + "/log?pretty=false&container=web&timestamps=true&follow=true")
                    .andReturn(200, "2026-12-02T10:00:00.000000001Z hello from " + pod + "\n")
                    .once();
        }
        client.pods().inNamespace(namespace).resource(runningPod("web-a")).create();
        client.pods().inNamespace(namespace).resource(runningPod("web-b")).create();

        SequencedLog<LogLine> logs = runtime.logs(lease);
        await(() -> logs.readAfter(0, 10, l -> true).size() == 2);
        List<LogLine> lines = logs.readAfter(0, 10, l -> true);
        assertThat(lines).extracting(LogLine::seq).containsExactly(1L, 2L);
        assertThat(lines)
                .extracting(LogLine::service, LogLine::replica, LogLine::message)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("web", 0, "hello from web-a"),
                        org.assertj.core.groups.Tuple.tuple("web", 1, "hello from web-b"));
        runtime.close();
    }

    @Test
    void an_ingress_host_or_a_load_balancer_is_where_the_status_offers_a_service() {
        var base = settings();
        var withIngress = new KubernetesRuntime.Settings(
                base.namespacePrefix(),
                "LoadBalancer",
                "apps.example.org",
                "nginx",
                base.defaultImage(),
                base.publicHost(),
                base.closeTimeout(),
                base.logReopenAfter(),
                base.logRingCapacity(),
                base.eventRingCapacity(),
                base.shellGrace());
        KubernetesRuntime runtime = new KubernetesRuntime(client, withIngress, SCHEDULER);
        runtime.apply(lease, manifest(MANIFEST));
        String namespace = runtime.namespaceOf(lease);

        var ingress = client.network()
                .v1()
                .ingresses()
                .inNamespace(namespace)
                .withName("web")
                .get();
        String host = "web-" + PodmanEngine.leaseKey(lease) + ".apps.example.org";
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        assertThat(ingress.getSpec().getRules().get(0).getHost()).isEqualTo(host);
        assertThat(ingress.getSpec()
                        .getRules()
                        .get(0)
                        .getHttp()
                        .getPaths()
                        .get(0)
                        .getBackend()
                        .getService()
                        .getPort()
                        .getNumber())
                .isEqualTo(80);
        assertThat(client.network()
                        .v1()
                        .ingresses()
                        .inNamespace(namespace)
                        .withName("worker")
                        .get())
                .as("a service without an HTTP port gets none")
                .isNull();
        client.services().inNamespace(namespace).withName("web").editStatus(svc -> {
            svc.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder()
                    .withNewLoadBalancer()
                    .addNewIngress()
                    .withIp("198.51.100.9")
                    .endIngress()
                    .endLoadBalancer()
                    .build());
            return svc;
        });

        ServiceStatus web = runtime.status(lease).stream()
                .filter(st -> st.name().equals("web"))
                .findFirst()
                .orElseThrow();
        assertThat(client.services()
                        .inNamespace(namespace)
                        .withName("web")
                        .get()
                        .getSpec()
                        .getType())
                .isEqualTo("LoadBalancer");
        assertThat(web.uris()).containsExactly("http://" + host, "198.51.100.9:80");
        assertThat(web.forwardedPorts())
                .containsExactly(new ServiceStatus.ForwardedPort(8080, 80, "tcp", "198.51.100.9"));
        runtime.close();
    }

    static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 10 s");
            }
            Thread.sleep(20);
        }
    }

    private static Pod crashedPod(String name, int restarts, int exitCode) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of(KubernetesRuntime.SERVICE_LABEL, "web"))
                .endMetadata()
                .withNewStatus()
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName("web")
                        .withRestartCount(restarts)
                        .withNewLastState()
                        .withNewTerminated()
                        .withExitCode(exitCode)
                        .withReason(exitCode == 137 ? "OOMKilled" : "Error")
                        .withFinishedAt("2026-12-02T10:00:0" + (exitCode == 137 ? "1" : "0") + "Z")
                        .endTerminated()
                        .endLastState()
                        .build())
                .endStatus()
                .build();
    }

    @Test
    void restart_rolls_a_service_or_replaces_one_replica_and_names_what_is_missing() {
        KubernetesRuntime runtime = runtime();
        runtime.apply(lease, manifest(MANIFEST));
        String namespace = runtime.namespaceOf(lease);
        client.pods().inNamespace(namespace).resource(crashedPod("web-a", 0, 0)).create();
        client.pods().inNamespace(namespace).resource(crashedPod("web-b", 0, 0)).create();

        runtime.restart(lease, "web", null);
        assertThat(client.apps()
                        .deployments()
                        .inNamespace(namespace)
                        .withName("web")
                        .get()
                        .getSpec()
                        .getTemplate()
                        .getMetadata()
                        .getAnnotations())
                .containsKey(KubernetesRuntime.RESTARTED_AT);

        runtime.restart(lease, "web", 1);
        assertThat(client.pods().inNamespace(namespace).list().getItems())
                .extracting(p -> p.getMetadata().getName())
                .containsExactly("web-a");
        assertThatThrownBy(() -> runtime.restart(lease, "web", 5)).hasMessageContaining("not 5");
        assertThatThrownBy(() -> runtime.restart(lease, "db", null)).hasMessageContaining("no service 'db'");
    }

    @Test
    void closing_a_lease_deletes_its_namespace() {
        KubernetesRuntime runtime = runtime();
        runtime.apply(lease, manifest(MANIFEST));
        runtime.apply(other, manifest(MANIFEST));

        runtime.stop(lease);

        assertThat(client.namespaces().withName(runtime.namespaceOf(lease)).get())
                .isNull();
        assertThat(client.namespaces().withName(runtime.namespaceOf(other)).get())
                .as("another lease stays")
                .isNotNull();
        List<Deployment> others = client.apps()
                .deployments()
                .inNamespace(runtime.namespaceOf(other))
                .list()
                .getItems();
        assertThat(others).hasSize(2);
    }
}
