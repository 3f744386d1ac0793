package dev.pier.provider.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.base.ShellSession;
import dev.pier.base.StreamStatus;
import dev.pier.credentials.ProviderCredentials;
import dev.pier.credentials.ProviderToken;
import dev.pier.manifest.ManifestParser;
import dev.pier.manifest.ManifestProgress;
import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LeaseStatus;
import dev.pier.shared.LogLine;
import dev.pier.shared.ManifestDelivery;
import dev.pier.shared.Sequenced;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.scheduling.TaskScheduler;

/**
 * The console's one client for providers: every HTTP call and WebSocket to a provider is made here, and every attempt
 * takes its token from ensureToken at that moment. A 401 or 403 gets one forced refresh and one retry; failures reach
 * callers as {@link ProviderCallException} or network exceptions, which {@link ProviderErrors} explains.
 */
public class ProviderClient {

    /** What the client's sockets share. */
    record Context(
            HttpClient http,
            ObjectMapper json,
            TokenSource tokens,
            ClientProperties properties,
            Clock clock,
            TaskScheduler scheduler,
            Function<String, String> hosts,
            AtomicInteger openSockets) {

        String hostOf(String provider) {
            return hosts.apply(provider);
        }
    }

    /**
     * What a provider's public {@code GET /status} said, or why it could not be had (classified, with the next step).
     */
    public record Probe(@Nullable JsonNode status, ProviderErrors.@Nullable Classified error) {}

    /** Pauses between manifest attempts; a seam so tests do not wait in real time. */
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final Context context;
    private final Pause pause;

    /**
     * @param hosts the host URI of a registered provider by its address; throws IllegalArgumentException for an address
     *     that is not registered
     */
    public ProviderClient(
            ObjectMapper json,
            Function<String, String> hosts,
            ProviderCredentials credentials,
            ClientProperties properties,
            Clock clock,
            TaskScheduler taskScheduler) {
        this(
                json,
                hosts,
                TokenSource.of(credentials),
                properties,
                clock,
                taskScheduler,
                d -> Thread.sleep(d.toMillis()));
    }

    ProviderClient(
            ObjectMapper json,
            Function<String, String> hosts,
            TokenSource tokens,
            ClientProperties properties,
            Clock clock,
            TaskScheduler scheduler,
            Pause pause) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .build();
        this.context = new Context(http, json, tokens, properties, clock, scheduler, hosts, new AtomicInteger());
        this.pause = pause;
    }

    /** WebSockets to providers open right now (streams and shells); leaving every view brings it back to zero. */
    public int openSockets() {
        return context.openSockets().get();
    }

    /** The provider's public {@code GET /status}, or empty when it cannot be reached or answers with an error. */
    public Optional<JsonNode> status(String hostUri) {
        return Optional.ofNullable(probe(hostUri).status());
    }

    public Probe probe(String hostUri) {
        try {
            HttpResponse<String> response = context.http()
                    .send(
                            HttpRequest.newBuilder(URI.create(hostUri + "/status"))
                                    .timeout(context.properties().connectTimeout())
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return new Probe(null, ProviderErrors.classifyStatus(response.statusCode(), null, null, hostUri));
            }
            return new Probe(context.json().readTree(response.body()), null);
        } catch (IOException | IllegalArgumentException e) {
            return new Probe(null, ProviderErrors.classify(e, hostUri));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(null, ProviderErrors.classify(e, hostUri));
        }
    }

    public void openLease(long accountId, LeaseRef lease) {
        call(accountId, lease.provider(), "POST", lease.path(), null);
    }

    public void closeLease(long accountId, LeaseRef lease) {
        call(accountId, lease.provider(), "DELETE", lease.path(), null);
    }

    /**
     * Closes another account's lease with an administrator's account: the provider takes it from keys the console's
     * registry marks as an administrator's (a disabled user's own keys are withdrawn, so their token cannot).
     */
    public void closeLeaseAsAdministrator(long administratorAccountId, LeaseRef lease, String ownerAddress) {
        call(administratorAccountId, lease.provider(), "DELETE", lease.path() + "?owner=" + encode(ownerAddress), null);
    }

    /** Restarts a service's replicas ({@code replica} null) or one of them, with the manifest in force. */
    public void restart(long accountId, LeaseRef lease, String service, @Nullable Integer replica) {
        call(
                accountId,
                lease.provider(),
                "POST",
                lease.path() + "/restart?service=" + encode(service) + (replica == null ? "" : "&replica=" + replica),
                null);
    }

    public String manifest(long accountId, LeaseRef lease) {
        return call(accountId, lease.provider(), "GET", lease.path() + "/manifest", null)
                .body();
    }

    public LeaseStatus leaseStatus(long accountId, LeaseRef lease) {
        try {
            return context.json()
                    .readValue(
                            call(accountId, lease.provider(), "GET", lease.path() + "/status", null)
                                    .body(),
                            LeaseStatus.class);
        } catch (IOException e) {
            throw new ProviderCallException(
                    502, "badResponse", "The provider's lease status is not JSON.", context.hostOf(lease.provider()));
        }
    }

    /**
     * Sends a manifest, validated here first (a bad manifest never leaves the console). While the provider does not see
     * the lease yet (404 noLease) it tries again with backoff, each attempt with a token obtained then. The values of
     * the secrets the manifest names travel beside it (never in it): the provider keeps the text as written.
     */
    public void sendManifest(
            long accountId,
            String provider,
            long dseq,
            String yaml,
            Map<String, String> secrets,
            Consumer<ManifestProgress> progress) {
        ManifestParser.parse(yaml);
        String delivery = deliveryOf(yaml, secrets);
        int attempts = context.properties().manifestAttempts();
        progress.accept(new ManifestProgress(ManifestProgress.Step.VALIDATED, 0, attempts, "The manifest is valid."));
        Duration backoff = context.properties().manifestBackoff();
        for (int attempt = 1; ; attempt++) {
            progress.accept(new ManifestProgress(
                    ManifestProgress.Step.SENDING,
                    attempt,
                    attempts,
                    "Sending the manifest (attempt " + attempt + " of " + attempts + ")."));
            try {
                call(
                        accountId,
                        provider,
                        "PUT",
                        "/deployment/" + dseq + "/manifest",
                        delivery,
                        ManifestDelivery.CONTENT_TYPE);
                progress.accept(new ManifestProgress(
                        ManifestProgress.Step.APPLIED, attempt, attempts, "The provider applied the manifest."));
                return;
            } catch (ProviderCallException e) {
                if (!(e.status() == 404 && "noLease".equals(e.code())) || attempt >= attempts) {
                    throw e;
                }
                progress.accept(new ManifestProgress(
                        ManifestProgress.Step.WAITING_FOR_LEASE,
                        attempt,
                        attempts,
                        "The provider does not see the lease yet; trying again in " + backoff.toMillis() + " ms."));
                try {
                    pause.pause(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    /** A lease's log lines, followed across rotations. */
    public LeaseStream<LogLine> logs(
            long accountId,
            LeaseRef lease,
            LeaseStream.Request request,
            Consumer<LogLine> onLine,
            Consumer<StreamStatus> onStatus) {
        return stream(accountId, lease, "logs", LogLine.class, request, onLine, onStatus);
    }

    /** A lease's lifecycle events, followed across rotations. */
    public LeaseStream<LeaseEvent> events(
            long accountId,
            LeaseRef lease,
            LeaseStream.Request request,
            Consumer<LeaseEvent> onEvent,
            Consumer<StreamStatus> onStatus) {
        return stream(accountId, lease, "kubeevents", LeaseEvent.class, request, onEvent, onStatus);
    }

    /** A terminal into a replica that re-attaches to its PTY across token rotations. */
    public RotatingShellSession shell(
            long accountId,
            LeaseRef lease,
            String service,
            int replica,
            String sessionId,
            List<String> command,
            ShellSession.Output listener,
            Consumer<StreamStatus> onStatus) {
        RotatingShellSession session = new RotatingShellSession(
                context, accountId, lease, service, replica, sessionId, command, listener, onStatus);
        session.start();
        return session;
    }

    private <T extends Sequenced> LeaseStream<T> stream(
            long accountId,
            LeaseRef lease,
            String route,
            Class<T> type,
            LeaseStream.Request request,
            Consumer<T> onEntry,
            Consumer<StreamStatus> onStatus) {
        LeaseStream<T> stream = new LeaseStream<>(context, accountId, lease, route, request, type, onEntry, onStatus);
        stream.start();
        return stream;
    }

    /**
     * Copies a file from a replica of the lease into {@code out}, reporting the bytes copied after every MiB and at the
     * end; returns the bytes copied. Provider refusals (no such file, a directory) throw before any byte.
     */
    public long downloadFile(
            long accountId,
            LeaseRef lease,
            String service,
            int replica,
            String path,
            OutputStream out,
            LongConsumer progress)
            throws IOException {
        String host = context.hostOf(lease.provider());
        String query =
                lease.path() + "/file?service=" + encode(service) + "&replica=" + replica + "&path=" + encode(path);
        HttpResponse<InputStream> response = exchange(
                accountId,
                lease.provider(),
                "GET",
                query,
                null,
                "application/yaml",
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() >= 400) {
                throw failure(response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8), host);
            }
            byte[] buffer = new byte[65_536];
            long copied = 0;
            long reported = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                copied += n;
                if (copied - reported >= 1 << 20) {
                    reported = copied;
                    progress.accept(copied);
                }
            }
            out.flush();
            progress.accept(copied);
            return copied;
        }
    }

    /**
     * A query value, percent-encoded with %20 for a space: the provider's WebSocket routes decode the raw query, where
     * URLEncoder's '+' would stay a '+'.
     */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The manifest as written and the values of the secrets it names, in the provider's envelope. */
    private String deliveryOf(String yaml, Map<String, String> secrets) {
        try {
            return context.json().writeValueAsString(new ManifestDelivery(yaml, secrets));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> call(long accountId, String provider, String method, String path, String body) {
        return call(accountId, provider, method, path, body, "application/yaml");
    }

    private HttpResponse<String> call(
            long accountId, String provider, String method, String path, String body, String contentType) {
        HttpResponse<String> response =
                exchange(accountId, provider, method, path, body, contentType, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 400) {
            throw failure(response.statusCode(), response.body(), context.hostOf(provider));
        }
        return response;
    }

    /**
     * One provider request with a token from ensureToken. A 401 or 403 marks the token stale: it gets one forced
     * refresh and one retry, only if the refresh gave a different token (a 403 may be a token minted before a scope
     * existed).
     */
    private <T> HttpResponse<T> exchange(
            long accountId,
            String provider,
            String method,
            String path,
            String body,
            String contentType,
            HttpResponse.BodyHandler<T> handler) {
        String host = context.hostOf(provider);
        ProviderToken token = context.tokens().ensureToken(accountId, provider);
        HttpResponse<T> response = send(host, method, path, body, contentType, token.value(), handler);
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            Optional<ProviderToken> fresh = context.tokens().forceRefresh(accountId, provider, token.value());
            if (fresh.isPresent()) {
                discard(response);
                response =
                        send(host, method, path, body, contentType, fresh.get().value(), handler);
            }
        }
        return response;
    }

    /** A streamed body that will not be read is closed, so its connection is released. */
    private static void discard(HttpResponse<?> response) {
        if (response.body() instanceof Closeable stream) {
            try {
                stream.close();
            } catch (IOException ignored) {
                // Nothing to release then.
            }
        }
    }

    private <T> HttpResponse<T> send(
            String host,
            String method,
            String path,
            String body,
            String contentType,
            String token,
            HttpResponse.BodyHandler<T> handler) {
        try {
            return context.http()
                    .send(
                            HttpRequest.newBuilder(URI.create(host + path))
                                    .timeout(context.properties()
                                            .connectTimeout()
                                            .multipliedBy(6))
                                    .method(
                                            method,
                                            body == null
                                                    ? HttpRequest.BodyPublishers.noBody()
                                                    : HttpRequest.BodyPublishers.ofString(body))
                                    .header("Authorization", "Bearer " + token)
                                    .header("Content-Type", contentType)
                                    .build(),
                            handler);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + host, e);
        }
    }

    private ProviderCallException failure(int status, String body, String host) {
        String code = null;
        String message = body;
        try {
            JsonNode node = context.json().readTree(body);
            code = node.path("error").asText(null);
            message = node.path("message").asText(message);
        } catch (IOException | RuntimeException notJson) {
            // Keep the raw body as the message.
        }
        return new ProviderCallException(status, code, message, host);
    }
}
