package dev.pier.providerapp.gateway;

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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The account public keys this provider trusts, read from the console's key registry. Known keys are a map lookup: no
 * request with a known key ever waits. The registry is re-read every {@code key-refresh-interval} (so a key the console
 * withdrew — a disabled user, a retired account — stops working within that time, and its open streams are ended) and
 * on an unknown kid, but at most once per {@code key-refetch-interval}, one read at a time. An unknown kid joins the
 * read in flight, or the next one (at most one refetch interval away, so a new account's first token is not refused);
 * at most {@value #MAX_WAITING} callers wait, and any more are refused at once. A flood of made-up kids so costs the
 * console one read per interval and delays no request with a known key.
 */
@Component
class KeyRegistryClient implements DisposableBean {

    /** A key, the account address it speaks for, and whether the console marks its owner an administrator. */
    record RegisteredKey(ECKey publicKey, String address, boolean administrator) {}

    /** Callers with an unknown kid that may wait for one read; more are refused at once. */
    static final int MAX_WAITING = 8;

    private static final Logger log = LoggerFactory.getLogger(KeyRegistryClient.class);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ObjectMapper json;
    private final ProviderProperties properties;
    private final Clock clock;
    private final AtomicReference<CompletableFuture<Void>> reading = new AtomicReference<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong reads = new AtomicLong();
    private final List<Consumer<Set<String>>> withdrawalListeners = new CopyOnWriteArrayList<>();
    private final ScheduledFuture<?> periodic;
    private volatile Map<String, RegisteredKey> keys = Map.of();
    private volatile Instant lastRead = Instant.EPOCH;
    /** When the latest read began (System.nanoTime), to tell a read that predates a question from one after it. */
    private volatile long lastReadStarted = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

    KeyRegistryClient(ObjectMapper json, ProviderProperties properties, Clock clock, TaskScheduler gatewayScheduler) {
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.periodic = gatewayScheduler.scheduleWithFixedDelay(
                this::readIfDue, Instant.now().plus(properties.keyRefreshInterval()), properties.keyRefreshInterval());
    }

    /** The key with this kid, reading the registry again when that is allowed (see the class comment). */
    Optional<RegisteredKey> find(String kid) {
        RegisteredKey key = keys.get(kid);
        if (key != null) {
            return Optional.of(key);
        }
        if (waiting.incrementAndGet() > MAX_WAITING) {
            waiting.decrementAndGet();
            return Optional.ofNullable(keys.get(kid));
        }
        long asked = System.nanoTime();
        try {
            awaitRead();
            // A read that was already under way when the key was asked for may predate it: wait for one more.
            if (!keys.containsKey(kid) && lastReadStarted - asked < 0) {
                awaitRead();
            }
        } finally {
            waiting.decrementAndGet();
        }
        return Optional.ofNullable(keys.get(kid));
    }

    /** Joins the read in flight, or starts the next one (no sooner than the refetch interval allows). */
    private void awaitRead() {
        CompletableFuture<Void> read = reading.get();
        if (read == null) {
            read = startRead(Duration.between(clock.instant(), lastRead.plus(properties.keyRefetchInterval())));
        }
        try {
            read.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Waiting for the key registry failed: {}", e.toString());
        }
    }

    /** Is told the kids the console withdrew, after each read that found some gone. */
    void onWithdrawn(Consumer<Set<String>> listener) {
        withdrawalListeners.add(listener);
    }

    /** Registry reads so far (for tests: a flood must not multiply them). */
    long reads() {
        return reads.get();
    }

    /** Callers waiting for a read now (for tests). */
    int waiting() {
        return waiting.get();
    }

    private boolean due() {
        return Duration.between(lastRead, clock.instant()).compareTo(properties.keyRefetchInterval()) >= 0;
    }

    private void readIfDue() {
        if (reading.get() == null && due()) {
            startRead(Duration.ZERO);
        }
    }

    /**
     * One read at a time, {@code delay} from now (when the last one is that recent): whoever comes meanwhile joins it.
     */
    private CompletableFuture<Void> startRead(Duration delay) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        if (!reading.compareAndSet(null, mine)) {
            CompletableFuture<Void> running = reading.get();
            return running != null ? running : CompletableFuture.completedFuture(null);
        }
        long millis = Math.max(0, delay.toMillis());
        CompletableFuture.runAsync(
                () -> {
                    try {
                        read();
                    } finally {
                        lastRead = clock.instant();
                        reading.set(null);
                        mine.complete(null);
                    }
                },
                CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS));
        return mine;
    }

    private void read() {
        lastReadStarted = System.nanoTime();
        reads.incrementAndGet();
        String url = properties.consoleUrl() + "/.well-known/jwks.json";
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                log.warn("The key registry at {} answered {}", url, response.statusCode());
                return;
            }
            Map<String, RegisteredKey> fresh = new ConcurrentHashMap<>();
            for (JsonNode node : json.readTree(response.body()).path("keys")) {
                JWK jwk = JWK.parse(node.toString());
                if (jwk instanceof ECKey ec && !ec.isPrivate() && ec.getKeyID() != null && node.hasNonNull("address")) {
                    fresh.put(
                            ec.getKeyID(),
                            new RegisteredKey(
                                    ec,
                                    node.get("address").asText(),
                                    node.path("pier_admin").asBoolean(false)));
                }
            }
            Set<String> withdrawn = new HashSet<>(keys.keySet());
            withdrawn.removeAll(fresh.keySet());
            keys = fresh;
            if (!withdrawn.isEmpty()) {
                withdrawalListeners.forEach(listener -> listener.accept(withdrawn));
            }
        } catch (Exception e) {
            log.warn("Could not read the key registry at {}: {}", url, e.toString());
        }
    }

    @Override
    public void destroy() {
        periodic.cancel(false);
    }
}
