package dev.pier.test;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * fabric8's mock API server in CRUD mode with a stand-in kubelet, for the provider's tests on the Kubernetes runtime
 * (no real cluster runs on these machines). The stand-in does what a cluster's controllers and kubelet would,
 * instantly: every Deployment gets its replicas as started, ready pods (labelled as the template is), and its status
 * says so.
 */
public final class MockCluster implements AutoCloseable {

    private static MockCluster shared;

    public final KubernetesMockServer server;
    public final KubernetesClient client;

    private MockCluster() {
        server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesMixedDispatcher(new HashMap<>()),
                false);
        server.init();
        client = server.createClient();
        client.apps().deployments().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                reconcile(deployment);
            }

            @Override
            public void onUpdate(Deployment before, Deployment deployment) {
                reconcile(deployment);
            }

            @Override
            public void onDelete(Deployment deployment, boolean unknown) {
                podsOf(deployment).forEach(p -> client.resource(p).delete());
            }
        });
    }

    /** One cluster for the whole test run, started on first use. */
    public static synchronized MockCluster shared() {
        if (shared == null) {
            shared = new MockCluster();
        }
        return shared;
    }

    /** The API server's address, for {@code pier.provider.kubernetes.master-url}. */
    public String url() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    private List<Pod> podsOf(Deployment deployment) {
        return client.pods()
                .inNamespace(deployment.getMetadata().getNamespace())
                .withLabels(deployment.getSpec().getSelector().getMatchLabels())
                .list()
                .getItems();
    }

    /** As many started pods as wanted (a changed template replaces them all, as a rollout ends), and ready status. */
    private synchronized void reconcile(Deployment deployment) {
        String namespace = deployment.getMetadata().getNamespace();
        int wanted = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 0);
        String template = Integer.toHexString(deployment.getSpec().getTemplate().hashCode())
                .substring(0, 6);
        List<Pod> pods = podsOf(deployment);
        for (Pod pod : pods) {
            if (!template.equals(pod.getMetadata().getLabels().get("pod-template-hash"))) {
                client.resource(pod).delete();
            }
        }
        long current = pods.stream()
                .filter(p -> template.equals(p.getMetadata().getLabels().get("pod-template-hash")))
                .count();
        for (long i = current; i < wanted; i++) {
            Map<String, String> labels = new LinkedHashMap<>(
                    deployment.getSpec().getTemplate().getMetadata().getLabels());
            labels.put("pod-template-hash", template);
            String container = deployment
                    .getSpec()
                    .getTemplate()
                    .getSpec()
                    .getContainers()
                    .get(0)
                    .getName();
            client.pods()
                    .inNamespace(namespace)
                    .resource(new PodBuilder()
                            .withNewMetadata()
                            .withName(deployment.getMetadata().getName() + "-" + template + "-"
                                    + UUID.randomUUID().toString().substring(0, 5))
                            .withLabels(labels)
                            .endMetadata()
                            .withSpec(deployment.getSpec().getTemplate().getSpec())
                            .withNewStatus()
                            .withPhase("Running")
                            .withContainerStatuses(new ContainerStatusBuilder()
                                    .withName(container)
                                    .withReady(true)
                                    .withRestartCount(0)
                                    .withNewState()
                                    .withNewRunning()
                                    .withStartedAt(Instant.now().toString())
                                    .endRunning()
                                    .endState()
                                    .build())
                            .endStatus()
                            .build())
                    .create();
        }
        Integer ready =
                deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        if (!Objects.equals(ready, wanted)) {
            client.apps()
                    .deployments()
                    .inNamespace(namespace)
                    .withName(deployment.getMetadata().getName())
                    .editStatus(d -> {
                        d.setStatus(new DeploymentStatusBuilder()
                                .withReplicas(wanted)
                                .withReadyReplicas(wanted)
                                .withAvailableReplicas(wanted)
                                .build());
                        return d;
                    });
        }
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }

    /**
     * A console whose embedded provider runs leases on the shared mock cluster, with a database of its own (its
     * providers and accounts are not the default test context's).
     */
    public static final class ProviderOnCluster
            implements ApplicationContextInitializer<ConfigurableApplicationContext> {

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            TestPropertySourceUtils.addInlinedPropertiesToEnvironment(
                    context,
                    "pier.embedded-provider.runtime=kubernetes",
                    "pier.embedded-provider.kubernetes.master-url=" + shared().url(),
                    "spring.datasource.url=jdbc:h2:mem:pier-on-cluster;DB_CLOSE_DELAY=-1");
        }
    }
}
