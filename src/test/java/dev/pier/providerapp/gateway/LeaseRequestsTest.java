package dev.pier.providerapp.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pier.test.ProviderTestSupport;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Lease requests on the embedded provider, whatever runs its workloads: manifests refused with their position, 409s.
 */
class LeaseRequestsTest extends GatewayTest {

    static final String TICKER = LeaseLifecycleTest.TICKER;

    @Test
    void a_bad_manifest_is_refused_with_its_position_and_changes_nothing() throws Exception {
        String token = provider.token(provider.newAccount("badmanifest"));
        String lease = provider.deploy(token, 103, TICKER);
        provider.awaitReady(token, lease, "ticker", 1);
        String before = provider.send("GET", lease + "/manifest", token, null).body();

        HttpResponse<String> refused = provider.send("PUT", "/deployment/103/manifest", token, """
                version: "1"
                services:
                  ticker:
                    command: ["sleep", "1"]
                    replicas: 2
                """);
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode body = provider.json(refused);
        assertThat(body.get("error").asText()).isEqualTo("invalidManifest");
        assertThat(body.at("/errors/0/line").asInt()).isEqualTo(5);
        assertThat(body.at("/errors/0/column").asInt()).isEqualTo(5);

        assertThat(provider.send("GET", lease + "/manifest", token, null).body())
                .isEqualTo(before);
        assertThat(provider.awaitReady(token, lease, "ticker", 1)
                        .at("/services/ticker/restarts")
                        .asInt())
                .isZero();

        HttpResponse<String> noLease = provider.send("PUT", "/deployment/999/manifest", token, TICKER);
        assertThat(noLease.statusCode()).isEqualTo(404);
        assertThat(provider.json(noLease).get("error").asText()).isEqualTo("noLease");
    }

    @Test
    void opening_a_lease_that_exists_is_a_409_not_a_second_open() throws Exception {
        String token = provider.token(provider.newAccount("twice"));
        ProviderTestSupport.expect(provider.send("POST", "/lease/120/1/1", token, null), 201);
        HttpResponse<String> again = provider.send("POST", "/lease/120/1/1", token, null);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(provider.json(again).get("error").asText()).isEqualTo("leaseExists");
        ProviderTestSupport.expect(provider.send("DELETE", "/lease/120/1/1", token, null), 200);
    }
}
