package dev.pier.providerapp.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.bench.BenchConsole;
import dev.pier.credentials.ProviderCredentials;
import dev.pier.test.MockCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Pier's own overhead on a cluster: from the manifest sent to the provider to all replicas ready as the provider's
 * status reports them, and the close until the namespace is gone, on fabric8's mock API server whose stand-in kubelet
 * starts pods at once (so what is measured is the provider, its API calls and the API server, not image pulls). Run by
 * bench/kubernetes-ready.sh; not a test.
 */
public final class KubernetesReadyBenchmark {

    static final String MANIFEST = """
            version: "1"
            services:
              web:
                image: docker.io/library/nginx:1.27
                env:
                  - GREETING=hello
                expose:
                  - port: 8080
                    as: 80
                count: 3
              worker:
                command: ["sh", "-c", "sleep 100000"]
                count: 2
            """;

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        MockCluster cluster = MockCluster.shared();
        BenchConsole bench = BenchConsole.start(
                "kubernetesbench",
                "--pier.embedded-provider.runtime=kubernetes",
                "--pier.embedded-provider.kubernetes.master-url=" + cluster.url());
        ObjectMapper json = new ObjectMapper();
        HttpClient http = HttpClient.newHttpClient();
        try {
            String token = bench.context
                    .getBean(ProviderCredentials.class)
                    .ensureToken(bench.accountId, bench.provider.address())
                    .value();
            String base = bench.provider.hostUri();
            List<Double> answered = new ArrayList<>();
            List<Double> ready = new ArrayList<>();
            List<Double> closed = new ArrayList<>();
            for (int round = 0; round < rounds + 3; round++) {
                long dseq = 1000 + round;
                String lease = "/lease/" + dseq + "/1/1";
                send(http, "POST", base + lease, token, null, 201);
                long start = System.nanoTime();
                send(http, "PUT", base + "/deployment/" + dseq + "/manifest", token, MANIFEST, 200);
                long put = System.nanoTime();
                while (!allReady(json.readTree(send(http, "GET", base + lease + "/status", token, null, 200)))) {
                    Thread.onSpinWait();
                }
                long seen = System.nanoTime();
                send(http, "DELETE", base + lease, token, null, 200);
                long gone = System.nanoTime();
                if (round >= 3) { // the first rounds warm the JIT and the connections up
                    answered.add((put - start) / 1e6);
                    ready.add((seen - start) / 1e6);
                    closed.add((gone - seen) / 1e6);
                }
            }
            System.out.println("Kubernetes runtime on fabric8's mock API server, " + rounds
                    + " leases of 2 services / 5 replicas each");
            print("manifest PUT answered (namespace, policy, 2 Secrets, 2 Deployments, 1 Service applied)", answered);
            print("manifest sent -> all 5 replicas ready in the provider's status", ready);
            print("close: DELETE answered once the namespace is gone", closed);
        } finally {
            bench.close();
            cluster.close();
        }
    }

    private static boolean allReady(JsonNode status) {
        JsonNode services = status.path("services");
        return services.size() == 2
                && services.path("web").path("ready").asInt() == 3
                && services.path("worker").path("ready").asInt() == 2;
    }

    private static String send(HttpClient http, String method, String url, String token, String body, int expected)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token)
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static void print(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-95s min %7.1f ms  median %7.1f ms  max %7.1f ms%n",
                what,
                sorted.get(0),
                sorted.get(sorted.size() / 2),
                sorted.get(sorted.size() - 1));
    }
}
