package dev.pier.provider.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pier.base.StreamStatus;
import dev.pier.base.StreamSubscription;
import dev.pier.credentials.CredentialsUnavailableException;
import dev.pier.credentials.ProviderToken;
import dev.pier.shared.ProviderProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;

/**
 * A provider WebSocket that outlives its connections. Every connection gets a token from ensureToken at that moment; on
 * tokenExpired (the provider's frame, or close 1008) it reconnects at once with a fresh token, at most
 * {@code rotationLimit} times per window; a dropped connection is retried with capped exponential backoff and jitter.
 * It ends only with a visible closed state and its reason, and after {@link #close()} it asks for no token and opens no
 * socket. A subclass may also replace its live connection without a gap: {@link #connectBeside()} opens the next one
 * beside it, and {@link #promoteBeside(boolean)} makes that the live one.
 */
abstract class ReconnectingSocket implements AutoCloseable, StreamSubscription {

    private static final Logger log = LoggerFactory.getLogger(ReconnectingSocket.class);

    protected final long accountId;
    protected final String provider;
    protected final String host;
    protected final ObjectMapper json;
    private final HttpClient http;
    private final TokenSource tokens;
    private final ClientProperties properties;
    private final Clock clock;
    private final TaskScheduler scheduler;
    private final RotationTracker rotations;
    private final Consumer<StreamStatus> statusListener;
    private final AtomicInteger openSockets;

    /** The provider's close code for "your lease was closed" (see the gateway's StreamGuard). */
    static final int LEASE_CLOSED = ProviderProtocol.LEASE_CLOSED;

    private volatile boolean closed;
    private volatile WebSocket socket;
    private volatile boolean expiring;
    private volatile ProviderToken token;
    private volatile StreamStatus status;
    private volatile Instant lastHeard;
    private volatile ScheduledFuture<?> pinger;
    private int failures;
    // The connection opened beside the live one (make-before-break), its token, and which attempt may still open one.
    private volatile WebSocket beside;
    private volatile ProviderToken besideToken;
    private final AtomicLong besideAttempt = new AtomicLong();
    /** Connections replaced by the one opened beside them: their close is expected, not a drop. */
    private final Set<WebSocket> retired = ConcurrentHashMap.newKeySet();

    ReconnectingSocket(
            ProviderClient.Context context, long accountId, String provider, Consumer<StreamStatus> statusListener) {
        this.accountId = accountId;
        this.provider = provider;
        this.host = context.hostOf(provider);
        this.json = context.json();
        this.http = context.http();
        this.tokens = context.tokens();
        this.properties = context.properties();
        this.clock = context.clock();
        this.scheduler = context.scheduler();
        this.rotations = new RotationTracker(clock, properties.rotationWindow(), properties.rotationLimit());
        this.statusListener = statusListener;
        this.openSockets = context.openSockets();
    }

    /** The address of the next connection (it may carry where to resume). */
    abstract URI uri(String webSocketBase);

    void onOpened(WebSocket ws, ProviderToken token) {}

    void onTextFrame(String text) {}

    void onBinaryFrame(byte[] frame) {}

    /** Whether a close with this code from the provider is the stream's natural end rather than a drop. */
    abstract boolean endsNormally(int code);

    /** The address of a connection opened beside the live one. */
    URI besideUri(String webSocketBase) {
        return uri(webSocketBase);
    }

    /** A frame that arrived on the connection opened beside the live one, before it was promoted. */
    void onBesideFrame(byte[] frame) {}

    /** The connection opened beside the live one could not be opened or ended before it was promoted. */
    void besideLost() {}

    /**
     * The live connection ended while one opened beside it is open: returns true if the subclass promoted that one
     * (then no reconnect follows).
     */
    boolean adoptBeside() {
        return false;
    }

    final void start() {
        status(StreamStatus.State.CONNECTING, "Connecting to " + host + ".");
        scheduler.schedule(this::connect, Instant.now());
    }

    @Override
    public final StreamStatus status() {
        return status;
    }

    public final boolean isClosed() {
        return closed;
    }

    /**
     * How long a live stream has heard nothing from the provider (no frame, no pong to the pings sent every
     * {@code pier.client.ping-interval}), once that is {@code pier.client.stall-after} or more; empty otherwise.
     */
    @Override
    public final Optional<Duration> stalledFor() {
        Instant heard = lastHeard;
        StreamStatus current = status;
        if (heard == null || current == null || current.state() != StreamStatus.State.LIVE) {
            return Optional.empty();
        }
        Duration silent = Duration.between(heard, clock.instant());
        return silent.compareTo(properties.stallAfter()) >= 0 ? Optional.of(silent) : Optional.empty();
    }

    private void heard() {
        lastHeard = clock.instant();
    }

    final WebSocket socket() {
        return socket;
    }

    final ProviderToken token() {
        return token;
    }

    final TaskScheduler scheduler() {
        return scheduler;
    }

    final TokenSource tokens() {
        return tokens;
    }

    /** Ends this connection so the next one carries a fresh token (counted as a rotation). */
    final void rotateNow() {
        expiring = true;
        WebSocket ws = socket;
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "rotating credentials");
        }
    }

    /**
     * Opens a second connection, with the token ensureToken gives now, beside the live one. Its frames go to
     * {@link #onBesideFrame} until {@link #promoteBeside(boolean)}; if it cannot be opened, {@link #besideLost()}.
     */
    final void connectBeside() {
        long attempt = besideAttempt.incrementAndGet();
        scheduler.schedule(() -> openBeside(attempt), Instant.now());
    }

    private void openBeside(long attempt) {
        if (closed || attempt != besideAttempt.get()) {
            return;
        }
        ProviderToken fresh;
        try {
            fresh = tokens.ensureToken(accountId, provider);
        } catch (RuntimeException e) {
            log.debug("No token for a connection beside the live one: {}", e.toString());
            besideLost();
            return;
        }
        open(besideUri(host.replaceFirst("^http", "ws")), fresh, attempt).whenComplete((ws, error) -> {
            if (error != null && attempt == besideAttempt.get() && !closed) {
                log.debug("A connection beside the live one failed: {}", error.toString());
                besideLost();
            }
        });
    }

    /** A WebSocket with the token; {@code besideOf} is 0 for a connection meant to be live, else its beside attempt. */
    private CompletableFuture<WebSocket> open(URI uri, ProviderToken with, long besideOf) {
        return http.newWebSocketBuilder()
                .header("Authorization", "Bearer " + with.value())
                .connectTimeout(properties.connectTimeout())
                .buildAsync(uri, new Listener(besideOf, with));
    }

    /** Whether a connection opened beside the live one is open (and not yet promoted). */
    final boolean hasBeside() {
        return beside != null;
    }

    /**
     * The connection opened beside the live one becomes the live one; the old one, if still open, is closed and its
     * close is not taken for a drop. Returns the new connection's token.
     */
    final ProviderToken promoteBeside(boolean closeOld) {
        WebSocket next = beside;
        WebSocket old = socket;
        boolean retiring = closeOld && old != null && old != next;
        beside = null;
        besideAttempt.incrementAndGet();
        if (retiring) {
            retired.add(old);
        }
        becomeLive(next, besideToken);
        if (retiring) {
            old.sendClose(WebSocket.NORMAL_CLOSURE, "handed over").whenComplete((w, e) -> {
                if (e != null) {
                    old.abort();
                }
            });
        }
        return besideToken;
    }

    /** Holds the connection as the live one: its token, its pings, heard from now. */
    private void becomeLive(WebSocket ws, ProviderToken with) {
        socket = ws;
        token = with;
        heard();
        startPinging(ws);
    }

    /** Gives up a connection opened (or being opened) beside the live one. */
    final void dropBeside() {
        besideAttempt.incrementAndGet();
        WebSocket ws = beside;
        beside = null;
        if (ws != null) {
            released(ws);
            ws.abort();
        }
    }

    private void connect() {
        if (closed) {
            return;
        }
        ProviderToken current;
        try {
            current = tokens.ensureToken(accountId, provider);
        } catch (CredentialsUnavailableException e) {
            finish(e.getMessage());
            return;
        } catch (RuntimeException e) {
            finish(ProviderErrors.classify(e, host).text());
            return;
        }
        token = current;
        open(uri(host.replaceFirst("^http", "ws")), current, 0).whenComplete((ws, error) -> {
            if (error != null) {
                handshakeFailed(error, current);
            }
        });
    }

    private void handshakeFailed(Throwable error, ProviderToken used) {
        if (closed) {
            return;
        }
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof WebSocketHandshakeException handshake) {
            int code = handshake.getResponse().statusCode();
            if (code == 401) {
                // Refused credentials: one forced refresh, counted as a rotation, never a loop.
                tokens.forceRefresh(accountId, provider, used.value());
                rotate("The provider rejected the credentials.");
                return;
            }
            String body = String.valueOf(handshake.getResponse().body());
            finish(ProviderErrors.classifyStatus(code, null, body, host).text());
            return;
        }
        scheduleReconnect(cause);
    }

    private void rotate(String why) {
        if (!rotations.tryRotate()) {
            finish(why + " Pier renewed the credentials " + properties.rotationLimit() + " times within "
                    + properties.rotationWindow().toSeconds()
                    + " s and stopped, to avoid spinning. Press Reconnect; if it "
                    + "happens again, check the provider's clock and its access to this console's key registry.");
            return;
        }
        status(StreamStatus.State.RECONNECTING, "Renewing the provider credentials.");
        scheduler.schedule(this::connect, Instant.now());
    }

    private void scheduleReconnect(Throwable cause) {
        if (closed) {
            return;
        }
        failures++;
        long initial = properties.reconnectInitial().toMillis();
        long capped = Math.min(properties.reconnectMax().toMillis(), initial << Math.min(failures - 1, 20));
        long delay = (long) (capped * (0.5 + ThreadLocalRandom.current().nextDouble() * 0.5));
        status(
                StreamStatus.State.RECONNECTING,
                ProviderErrors.classify(cause, host).message() + " Reconnecting in "
                        + Math.max(1, Math.round(delay / 1000.0)) + " s.");
        scheduler.schedule(this::connect, Instant.now().plusMillis(delay));
    }

    /** Ends the stream with a reason people can read; no token is requested and no socket opened after it. */
    final void finish(String reason) {
        end(reason, false);
    }

    @Override
    public void close() {
        end("Closed.", true);
    }

    @Override
    public final void remove() {
        close();
    }

    /** Ends for good: the open socket is closed politely when the console chose to end, dropped otherwise. */
    private void end(String reason, boolean polite) {
        if (closed) {
            return;
        }
        closed = true;
        dropBeside();
        WebSocket ws = socket;
        if (ws != null) {
            released(ws);
            if (polite) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "closed by the console").whenComplete((w, e) -> ws.abort());
            } else {
                ws.abort();
            }
        }
        status(StreamStatus.State.CLOSED, reason);
    }

    private void status(StreamStatus.State state, String reason) {
        StreamStatus next = new StreamStatus(state, reason, clock.instant());
        status = next;
        try {
            statusListener.accept(next);
        } catch (RuntimeException e) {
            log.warn("A stream status listener failed", e);
        }
    }

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();
        /** For a connection opened beside the live one, its attempt; 0 for a connection opened to be live. */
        private final long besideOf;

        private final ProviderToken used;

        Listener(long besideOf, ProviderToken used) {
            this.besideOf = besideOf;
            this.used = used;
        }

        @Override
        public void onOpen(WebSocket ws) {
            if (closed) {
                ws.abort();
                return;
            }
            if (besideOf != 0) {
                if (besideOf != besideAttempt.get()) {
                    ws.abort();
                    return;
                }
                besideToken = used;
                beside = ws;
                counted(ws);
                ws.request(1);
                return;
            }
            counted(ws);
            failures = 0;
            expiring = false;
            becomeLive(ws, used);
            status(StreamStatus.State.LIVE, "Live.");
            onOpened(ws, used);
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            heard();
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                if (ws == beside) {
                    // Not live yet: an expiry of its fresh token cannot come before its promotion.
                } else if (isExpiryFrame(frame)) {
                    expiring = true;
                } else if (!closed) {
                    onTextFrame(frame);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            heard();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            binary.writeBytes(bytes);
            if (last) {
                byte[] frame = binary.toByteArray();
                binary.reset();
                if (closed) {
                    // Ended: nothing more is delivered.
                } else if (ws == beside) {
                    onBesideFrame(frame);
                } else {
                    onBinaryFrame(frame);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            if (endHandled(ws, code != LEASE_CLOSED)) {
                return null;
            }
            if (code == LEASE_CLOSED) {
                finish("The lease was closed; nothing more will come. Open a new deployment to run it again.");
            } else if (expiring || code == 1008) {
                expiring = false;
                rotate("The provider credentials expired.");
            } else if (endsNormally(code)) {
                finish(reason == null || reason.isBlank() ? "The stream ended." : reason);
            } else {
                scheduleReconnect(new IOException("the provider closed the connection (" + code + ")"));
            }
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
            // The HTTP client answers the ping itself; this only notes that the provider is there.
            heard();
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            heard();
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (!endHandled(ws, true)) {
                scheduleReconnect(error);
            }
        }

        /**
         * A connection ended. Returns true when nothing more is to be done: the stream is closed, the connection was
         * retired or opened beside (then {@link #besideLost()}), or the connection beside the live one was adopted
         * (only if {@code mayAdopt}). Otherwise the live connection ended and the caller decides how to go on.
         */
        private boolean endHandled(WebSocket ws, boolean mayAdopt) {
            boolean wasBeside = ws == beside;
            boolean wasLive = ws == socket;
            released(ws);
            if (retired.remove(ws) || closed) {
                return true;
            }
            if (wasBeside) {
                beside = null;
                besideLost();
                return true;
            }
            if (besideOf != 0 && !wasLive) {
                // A connection opened beside an earlier live one and given up.
                return true;
            }
            if (mayAdopt && beside != null && adoptBeside()) {
                return true;
            }
            dropBeside();
            return false;
        }
    }

    /** Sockets counted as open; each is uncounted once, however its end is noticed (close, error, our own close). */
    private final Set<WebSocket> opened = ConcurrentHashMap.newKeySet();

    /** Pings the provider so a silent but healthy stream is told apart from a stalled one. */
    private void startPinging(WebSocket ws) {
        ScheduledFuture<?> previous = pinger;
        if (previous != null) {
            previous.cancel(false);
        }
        pinger = scheduler.scheduleAtFixedRate(
                () -> {
                    if (socket == ws && !ws.isOutputClosed()) {
                        ws.sendPing(ByteBuffer.allocate(0));
                    }
                },
                Instant.now().plus(properties.pingInterval()),
                properties.pingInterval());
    }

    private void counted(WebSocket ws) {
        if (opened.add(ws)) {
            openSockets.incrementAndGet();
        }
    }

    private void released(WebSocket ws) {
        if (socket == ws) {
            socket = null;
            ScheduledFuture<?> running = pinger;
            if (running != null) {
                running.cancel(false);
            }
        }
        if (ws != null && opened.remove(ws)) {
            openSockets.decrementAndGet();
        }
    }

    private boolean isExpiryFrame(String frame) {
        if (!frame.contains("tokenExpired")) {
            return false;
        }
        try {
            JsonNode node = json.readTree(frame);
            return "websocket".equals(node.path("type").asText())
                    && "tokenExpired".equals(node.path("error").asText());
        } catch (Exception e) {
            return false;
        }
    }
}
