package dev.pier.provider.client;

import dev.pier.base.ShellSession;
import dev.pier.base.StreamStatus;
import dev.pier.credentials.ProviderToken;
import dev.pier.shared.ProviderProtocol;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * make-before-break: the next connection opens beside the live one (which keeps carrying keystrokes and output), and
 * once the provider has it waiting, the live one hands over after its last keystroke; output arriving on the new one
 * meanwhile is held until the old one's last output is shown, so every byte appears once and in order, and the
 * keystroke crossing the switch waits one round trip, not a reconnect. If that fails it falls back to closing and
 * reconnecting. Keystrokes typed while it reconnects are queued (bounded, oldest dropped with a warning) and sent in
 * order once attached again.
 */
public final class RotatingShellSession extends ReconnectingSocket implements ShellSession {

    private static final Logger log = LoggerFactory.getLogger(RotatingShellSession.class);
    private static final byte STDIN = ProviderProtocol.STDIN;
    private static final byte RESIZE = ProviderProtocol.RESIZE;

    /** Where a make-before-break rotation stands. */
    private enum Handover {
        NONE,
        /** The next connection is being opened beside the live one, which still carries everything. */
        OPENING,
        /** The provider has the next one waiting; HAND_OVER went out on the live one, keystrokes are queued. */
        HANDING
    }

    private final LeaseRef lease;
    private final String service;
    private final int replica;
    private final String sessionId;
    /** Names this terminal's connections to the provider, so a new one can take an old one's place. */
    private final String clientId = UUID.randomUUID().toString();

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
    private Handover handover = Handover.NONE;
    /** Orders output across the two connections of a handover. */
    private final Object outputLock = new Object();
    // Guarded by outputLock: frames that came on the connection beside the live one, shown once it is promoted.
    private final List<byte[]> besideFrames = new ArrayList<>();

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
                .append(ProviderClient.encode(service))
                .append("&replica=")
                .append(replica)
                .append("&tty=true&stdin=true&session=")
                .append(ProviderClient.encode(sessionId))
                .append("&client=")
                .append(clientId);
        for (int i = 0; i < command.size(); i++) {
            query.append("&cmd").append(i).append('=').append(ProviderClient.encode(command.get(i)));
        }
        return URI.create(base + lease.path() + "/shell" + query);
    }

    @Override
    URI besideUri(String base) {
        return URI.create(uri(base) + "&beside=true");
    }

    @Override
    synchronized void onOpened(WebSocket ws, ProviderToken token) {
        handover = Handover.NONE;
        synchronized (outputLock) {
            besideFrames.clear();
        }
        sending = CompletableFuture.completedFuture(ws);
        resume(ws, token);
    }

    /** Holds: this. Sends the size and the queued keystrokes on the live connection and plans the next rotation. */
    private void resume(WebSocket ws, ProviderToken token) {
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

    /** Rotates before the provider would refuse the token, by opening the next connection beside this one. */
    private synchronized void renew() {
        if (!attached || isClosed() || handover != Handover.NONE) {
            return;
        }
        handover = Handover.OPENING;
        connectBeside();
    }

    /** The fallback rotation: new keystrokes wait, the ones sent go out first, then the connection is replaced. */
    private void renewByReconnecting() {
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
    void onBesideFrame(byte[] frame) {
        if (frame.length == 0) {
            return;
        }
        if (frame[0] == ProviderProtocol.WAITING) {
            synchronized (this) {
                if (handover == Handover.OPENING && attached && socket() != null) {
                    handover = Handover.HANDING;
                    attached = false;
                    transmit(socket(), new byte[] {ProviderProtocol.HAND_OVER});
                }
            }
            return;
        }
        boolean held;
        synchronized (outputLock) {
            held = hasBeside();
            if (held) {
                besideFrames.add(frame);
            }
        }
        if (!held) {
            // Promoted while this frame was on its way: it is the live connection's now.
            onBinaryFrame(frame);
        }
    }

    @Override
    void besideLost() {
        boolean fallBack;
        synchronized (this) {
            // While HANDING, the provider answers HANDED_OVER anyway, and takeOver() then reconnects.
            fallBack = handover == Handover.OPENING;
            if (fallBack) {
                handover = Handover.NONE;
            }
        }
        synchronized (outputLock) {
            besideFrames.clear();
        }
        if (fallBack) {
            renewByReconnecting();
        }
    }

    @Override
    boolean adoptBeside() {
        takeOver(false);
        return true;
    }

    /**
     * The connection beside becomes the live one: what it received while waiting is shown first, then keystrokes go out
     * on it. Without one (it failed), the old connection is replaced by reconnecting.
     */
    private void takeOver(boolean oldStillOpen) {
        ProviderToken fresh;
        List<byte[]> held;
        synchronized (outputLock) {
            if (!hasBeside()) {
                fresh = null;
                held = List.of();
            } else {
                fresh = promoteBeside(oldStillOpen);
                held = List.copyOf(besideFrames);
                besideFrames.clear();
                // Shown under the lock, so a frame arriving on the promoted connection meanwhile waits its turn.
                held.forEach(this::showOutput);
            }
        }
        held.forEach(this::onEnd);
        synchronized (this) {
            handover = Handover.NONE;
            if (isClosed()) {
                return;
            }
            if (fresh == null) {
                attached = false;
                if (oldStillOpen) {
                    rotateNow();
                }
                return;
            }
            resume(socket(), fresh);
        }
    }

    @Override
    void onBinaryFrame(byte[] frame) {
        if (frame.length == 0) {
            return;
        }
        if (frame[0] == ProviderProtocol.HANDED_OVER) {
            takeOver(true);
            return;
        }
        synchronized (outputLock) {
            showOutput(frame);
        }
        onEnd(frame);
    }

    /** Holds: outputLock. Output for the screen (frames are never empty here). */
    private void showOutput(byte[] frame) {
        if (frame[0] == ProviderProtocol.STDOUT || frame[0] == ProviderProtocol.STDERR) {
            listener.onOutput(Arrays.copyOfRange(frame, 1, frame.length));
        }
    }

    /** The program's exit, or the provider's refusal to open it (frames are never empty here). */
    private void onEnd(byte[] frame) {
        switch (frame[0]) {
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
            handover = Handover.NONE;
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
