package dev.pier.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.pier.account.AccountService;
import dev.pier.account.AccountSummary;
import dev.pier.account.SigningKey;
import dev.pier.credentials.ProviderCredentials;
import dev.pier.provider.ProviderService;
import dev.pier.provider.ProviderSummary;
import dev.pier.shared.Es256kSigner;
import dev.pier.shared.ProviderTokenClaims;
import dev.pier.user.Role;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/** Talks to the embedded provider as a client would: real tokens, real HTTP and WebSocket. */
@Component
public class ProviderTestSupport {

    private final ProviderService providers;
    private final AccountService accounts;
    private final ProviderCredentials credentials;
    private final TestUsers users;
    private final ObjectMapper json;
    public final HttpClient http = HttpClient.newHttpClient();
    private final Es256kSigner signer = new Es256kSigner();

    public ProviderTestSupport(
            ProviderService providers,
            AccountService accounts,
            ProviderCredentials credentials,
            TestUsers users,
            ObjectMapper json) {
        this.providers = providers;
        this.accounts = accounts;
        this.credentials = credentials;
        this.users = users;
        this.json = json;
    }

    public ProviderSummary provider() {
        return providers.list().stream()
                .filter(p -> p.name().equals("Local provider"))
                .findFirst()
                .orElseThrow();
    }

    /**
     * A fresh account of a fresh user: an ordinary user where workloads run in containers, an administrator where the
     * provider runs plain processes (no podman here), which only administrators may use.
     */
    public AccountSummary newAccount(String prefix) {
        return accounts.defaultAccountOf(users.create(prefix, workloadRole()).id());
    }

    public static Role workloadRole() {
        return TestImages.containersAvailable() ? Role.USER : Role.ADMIN;
    }

    public String token(AccountSummary account) {
        return credentials.ensureToken(account.id(), provider().address()).value();
    }

    /** A token with claims of the test's choosing, signed with the account's real key. */
    public String token(AccountSummary account, UnaryOperator<JWTClaimsSet.Builder> change) {
        SigningKey key = accounts.signingKey(account.id());
        JWTClaimsSet standard = ProviderTokenClaims.build(
                account.address(), provider().address(), Instant.now(), Duration.ofMinutes(10));
        return signer.sign(change.apply(new JWTClaimsSet.Builder(standard)).build(), key.privateJwk());
    }

    public SigningKey key(AccountSummary account) {
        return accounts.signingKey(account.id());
    }

    public HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create(provider().hostUri() + path))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/yaml");
        if (token != null) {
            request.header("Authorization", token.startsWith("RAW:") ? token.substring(4) : "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public JsonNode json(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }

    /** Opens a lease and applies a manifest; returns the lease path /lease/d/g/o. */
    public String deploy(String token, long dseq, String manifest) throws Exception {
        expect(send("POST", "/lease/" + dseq + "/1/1", token, null), 201);
        expect(send("PUT", "/deployment/" + dseq + "/manifest", token, manifest), 200);
        return "/lease/" + dseq + "/1/1";
    }

    /** The lease's status once the service has that many ready replicas (within 10 s). */
    public JsonNode awaitReady(String token, String lease, String service, int replicas) throws Exception {
        JsonNode status = null;
        for (int i = 0; i < 100; i++) {
            status = json(expect(send("GET", lease + "/status", token, null), 200));
            if (status.at("/services/" + service + "/ready").asInt() == replicas) {
                return status;
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("not ready: " + status);
    }

    public static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError(
                    "expected " + status + " but got " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    /** A WebSocket client that records what arrives. */
    public static final class Recorder implements WebSocket.Listener {
        public final LinkedBlockingQueue<String> texts = new LinkedBlockingQueue<>();
        public final LinkedBlockingQueue<byte[]> binaries = new LinkedBlockingQueue<>();
        public final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partialText = new StringBuilder();
        private final ByteArrayOutputStream partialBinary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partialText.append(data);
            if (last) {
                texts.add(partialText.toString());
                partialText.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            partialBinary.writeBytes(bytes);
            if (last) {
                binaries.add(partialBinary.toByteArray());
                partialBinary.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        public String nextText(long seconds) throws InterruptedException {
            return texts.poll(seconds, TimeUnit.SECONDS);
        }
    }

    public WebSocket connect(String pathAndQuery, String token, Recorder recorder) {
        String ws = provider().hostUri().replaceFirst("^http", "ws") + pathAndQuery;
        return http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create(ws), recorder)
                .join();
    }

    /** Reads shell output frames until {@code expected} appears in the accumulated text; returns all text. */
    public static String readShellUntil(Recorder recorder, String expected, long seconds) throws InterruptedException {
        StringBuilder out = new StringBuilder();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline && !out.toString().contains(expected)) {
            byte[] frame = recorder.binaries.poll(200, TimeUnit.MILLISECONDS);
            if (frame != null && frame.length > 0 && (frame[0] == 100 || frame[0] == 101)) {
                out.append(new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8));
            } else if (frame != null) {
                out.append("[frame ")
                        .append(frame[0])
                        .append(": ")
                        .append(new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8))
                        .append("]");
            }
        }
        return out.toString();
    }

    public static ByteBuffer stdin(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(bytes.length + 1);
        buffer.put((byte) 104).put(bytes).flip();
        return buffer;
    }

    public static ByteBuffer resize(int width, int height) {
        ByteBuffer buffer = ByteBuffer.allocate(5);
        buffer.put((byte) 105).putShort((short) width).putShort((short) height).flip();
        return buffer;
    }

    public static List<String> lines(String text) {
        return List.of(text.split("\\r?\\n"));
    }
}
