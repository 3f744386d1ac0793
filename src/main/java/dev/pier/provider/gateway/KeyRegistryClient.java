package dev.pier.provider.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The account public keys this provider trusts, read from the console's key registry and cached. An unknown kid
 * triggers a fresh read, at most once per refetch interval, so a flood of made-up kids cannot hammer the console.
 */
@Component
class KeyRegistryClient {

    /** A key, the account address it speaks for, and whether the console marks its owner an administrator. */
    record RegisteredKey(ECKey publicKey, String address, boolean administrator) {
    }

    private static final Logger log = LoggerFactory.getLogger(KeyRegistryClient.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ObjectMapper json;
    private final ProviderProperties properties;
    private final Clock clock;
    private volatile Map<String, RegisteredKey> keys = Map.of();
    private volatile Instant lastFetch = Instant.EPOCH;

    KeyRegistryClient(ObjectMapper json, ProviderProperties properties, Clock clock) {
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The key with this kid. An unknown kid re-reads the registry: one reader at a time, and no sooner than the
     * refetch interval after the last read (waiting out the rest of it), so a new account's first token is never
     * refused and a flood of made-up kids costs the console at most one read per interval.
     */
    Optional<RegisteredKey> find(String kid) {
        RegisteredKey key = keys.get(kid);
        if (key != null) {
            return Optional.of(key);
        }
        synchronized (this) {
            key = keys.get(kid);
            if (key == null) {
                Duration wait = properties.keyRefetchInterval().minus(Duration.between(lastFetch, clock.instant()));
                if (!wait.isNegative() && !wait.isZero()) {
                    try {
                        Thread.sleep(wait.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return Optional.empty();
                    }
                }
                refresh();
                lastFetch = clock.instant();
                key = keys.get(kid);
            }
        }
        return Optional.ofNullable(key);
    }

    private void refresh() {
        String url = properties.consoleUrl() + "/.well-known/jwks.json";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                log.warn("The key registry at {} answered {}", url, response.statusCode());
                return;
            }
            Map<String, RegisteredKey> fresh = new ConcurrentHashMap<>();
            for (JsonNode node : json.readTree(response.body()).path("keys")) {
                JWK jwk = JWK.parse(node.toString());
                if (jwk instanceof ECKey ec && !ec.isPrivate() && ec.getKeyID() != null && node.hasNonNull("address")) {
                    fresh.put(ec.getKeyID(), new RegisteredKey(ec, node.get("address").asText(),
                            node.path("pier_admin").asBoolean(false)));
                }
            }
            keys = fresh;
        } catch (Exception e) {
            log.warn("Could not read the key registry at {}: {}", url, e.toString());
        }
    }
}
