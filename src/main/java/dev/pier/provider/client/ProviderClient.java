package dev.pier.provider.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Calls provider gateways over HTTP. */
@Component
public class ProviderClient {

    private static final Duration STATUS_TIMEOUT = Duration.ofSeconds(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(STATUS_TIMEOUT).build();
    private final ObjectMapper json;

    public ProviderClient(ObjectMapper json) {
        this.json = json;
    }

    /** What a provider's public {@code GET /status} said, or why it could not be had (classified, with the next step). */
    public record Probe(JsonNode status, ProviderErrors.Classified error) {
    }

    /** The provider's public {@code GET /status}, or empty when it cannot be reached or answers with an error. */
    public Optional<JsonNode> status(String hostUri) {
        return Optional.ofNullable(probe(hostUri).status());
    }

    public Probe probe(String hostUri) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(hostUri + "/status"))
                    .timeout(STATUS_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Probe(null, ProviderErrors.classifyStatus(response.statusCode(), null, null, hostUri));
            }
            return new Probe(json.readTree(response.body()), null);
        } catch (IOException | IllegalArgumentException e) {
            return new Probe(null, ProviderErrors.classify(e, hostUri));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(null, ProviderErrors.classify(e, hostUri));
        }
    }
}
