package dev.pier.providerapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.account.AccountSummary;
import dev.pier.test.MockCluster;
import dev.pier.test.ProviderTestSupport;
import io.fabric8.kubernetes.api.model.Namespace;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.ContextConfiguration;

/**
 * The lease requests' tests, unchanged, against a provider whose runtime is a Kubernetes cluster (fabric8's mock API
 * server with a stand-in kubelet), and what only a cluster shows: the lease as a namespace, gone when it closes.
 */
@ContextConfiguration(initializers = MockCluster.ProviderOnCluster.class)
class LeaseRequestsOnKubernetesTest extends LeaseRequestsTest {

    @Test
    void the_provider_runs_a_lease_as_a_namespace_and_deletes_it_at_close() throws Exception {
        JsonNode status = provider.json(provider.send("GET", "/status", null, null));
        assertThat(status.at("/engine/name").asText()).isEqualTo("kubernetes");
        assertThat(status.get("isolation").asText()).isEqualTo("container");

        AccountSummary account = provider.newAccount("cluster");
        String token = provider.token(account);
        String lease = provider.deploy(token, 130, TICKER);
        provider.awaitReady(token, lease, "ticker", 1);
        var cluster = MockCluster.shared().client;
        Namespace namespace = cluster.namespaces().list().getItems().stream()
                .filter(n ->
                        account.address().equals(n.getMetadata().getLabels().get("pier.dev/owner")))
                .findFirst()
                .orElseThrow();
        String name = namespace.getMetadata().getName();
        assertThat(cluster.apps()
                        .deployments()
                        .inNamespace(name)
                        .withName("ticker")
                        .get())
                .isNotNull();

        ProviderTestSupport.expect(provider.send("DELETE", "/lease/130/1/1", token, null), 200);
        assertThat(cluster.namespaces().withName(name).get()).isNull();
    }
}
