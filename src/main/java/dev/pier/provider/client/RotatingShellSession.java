package dev.pier.provider.client;

import dev.pier.base.ShellSession;
import dev.pier.base.StreamStatus;
import dev.pier.credentials.ProviderToken;
import dev.pier.shared.ProviderProtocol;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A terminal into a replica that survives token rotation: the PTY belongs to a session id, so each new connection (with
 * a fresh token) re-attaches to the same program. Before its token reaches the renewal point it rotates on its own,
 * after every keystroke already sent has gone out, so the provider never sees a keystroke under an expired token;
 * keystrokes typed while it reconnects are queued (bounded, oldest dropped with a warning) and sent in order once
 * attached again.
 */
public final class RotatingShellSession extends ReconnectingSocket implements ShellSession {

    private static final Logger log = LoggerFactory.getLogger(RotatingShellSession.class);
    private static final byte STDIN = ProviderProtocol.STDIN;
    private static final byte RESIZE = ProviderProtocol.RESIZE;

    private final LeaseRef lease;
    private final String service;
    private final int replica;
    private final String sessionId;
    private final List<String> command;
    private final Output listener;
    private final int queueLimit;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);
    private boolean attached;
    private boolean warnedAboutDrops;
    private int columns;
    private int rows;
    private volatile ScheduledFuture<?> renewal;

    RotatingShellSession(
            ProviderClient.Context context,
            long accountId,
            LeaseRef lease,
            String service,
            int replica,
            String sessionId,
            List<String> command,
            Output listener,
            Consumer<StreamStatus> onStatus) {
        super(context, accountId, lease.provider(), onStatus);
        this.lease = lease;
        this.service = service;
        this.replica = replica;
        this.sessionId = sessionId == null ? UUID.randomUUID().toString() : sessionId;
        this.command = command == null ? List.of() : command;
        this.listener = listener;
        this.queueLimit = context.properties().shellQueueLimit();
    }

    /** The PTY's session id: a new connection (or a reloaded page) with it joins the same program. */
    public String sessionId() {
        return sessionId;
    }

    /** Keystrokes (or pasted text) for the program: sent now, or queued while reconnecting. */
    public synchronized void send(byte[] input) {
        if (isClosed()) {
            return;
        }
        byte[] frame = frame(STDIN, input);
        if (attached && socket() != null) {
            transmit(socket(), frame);
        } else {
            queue.addLast(frame);
            if (queue.size() > queueLimit) {
                queue.removeFirst();
                if (!warnedAboutDrops) {
                    warnedAboutDrops = true;
                    log.warn(
                            "Shell {}: more than {} keystroke frames waited for a reconnect; the oldest were dropped",
                            sessionId,
                            queueLimit);
                }
            }
        }
    }

    @Override
    public void send(String text) {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void resize(int columns, int rows) {
        this.columns = columns;
        this.rows = rows;
        if (attached && socket() != null) {
            transmit(socket(), resizeFrame());
        }
    }

    /** Keystroke frames waiting for the connection. */
    public synchronized int queued() {
        return queue.size();
    }

    @Override
    URI uri(String base) {
        StringBuilder query = new StringBuilder("?service=")
                .append(URLEncoder.encode(service, StandardCharsets.UTF_8))
                .append("&replica=")
                .append(replica)
                .append("&tty=true&stdin=true&session=")
                .append(URLEncoder.encode(sessionId, StandardCharsets.UTF_8));
        for (int i = 0; i < command.size(); i++) {
            query.append("&cmd")
                    .append(i)
                    .append('=')
                    .append(URLEncoder.encode(command.get(i), StandardCharsets.UTF_8));
        }
        return URI.create(base + lease.path() + "/shell" + query);
    }

    @Override
    synchronized void onOpened(WebSocket ws, ProviderToken token) {
        sending = CompletableFuture.completedFuture(ws);
        if (columns > 0 && rows > 0) {
            transmit(ws, resizeFrame());
        }
        while (!queue.isEmpty()) {
            transmit(ws, queue.removeFirst());
        }
        attached = true;
        scheduleRenewal(token);
    }

    private void scheduleRenewal(ProviderToken token) {
        Instant at = tokens().renewalTime(token);
        renewal = scheduler().schedule(this::renew, at.isBefore(Instant.now()) ? Instant.now() : at);
    }

    /** Rotates before the provider would refuse the token: new keystrokes wait, the ones sent go out first. */
    private void renew() {
        CompletableFuture<WebSocket> last;
        synchronized (this) {
            if (!attached || isClosed()) {
                return;
            }
            attached = false;
            last = sending;
        }
        last.whenComplete((ws, error) -> rotateNow());
    }

    @Override
    void onBinaryFrame(byte[] frame) {
        if (frame.length == 0) {
            return;
        }
        switch (frame[0]) {
            case ProviderProtocol.STDOUT, ProviderProtocol.STDERR ->
                listener.onOutput(Arrays.copyOfRange(frame, 1, frame.length));
            case ProviderProtocol.RESULT -> {
                int code = exitCode(new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8));
                listener.onExit(code);
                finish("The program exited with code " + code + ".");
            }
            case ProviderProtocol.FAILURE ->
                finish("The provider could not open the shell: "
                        + new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8));
            default -> {}
        }
    }

    @Override
    boolean endsNormally(int code) {
        return false;
    }

    @Override
    public void close() {
        ScheduledFuture<?> pending = renewal;
        if (pending != null) {
            pending.cancel(false);
        }
        synchronized (this) {
            attached = false;
            queue.clear();
        }
        super.close();
    }

    private void transmit(WebSocket ws, byte[] frame) {
        // The JDK WebSocket allows one outstanding send: frames are chained, which also keeps them in order.
        sending = sending.handle((previous, error) -> null)
                .thenCompose(ignored -> ws.sendBinary(ByteBuffer.wrap(frame), true));
    }

    private byte[] resizeFrame() {
        return ByteBuffer.allocate(5)
                .put(RESIZE)
                .putShort((short) columns)
                .putShort((short) rows)
                .array();
    }

    private static byte[] frame(byte code, byte[] payload) {
        byte[] framed = new byte[payload.length + 1];
        framed[0] = code;
        System.arraycopy(payload, 0, framed, 1, payload.length);
        return framed;
    }

    private static int exitCode(String json) {
        String digits = json.replaceAll("[^0-9-]", "");
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
