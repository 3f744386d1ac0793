package dev.pier.base.terminal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketSession;

/**
 * One terminal's bytes between a browser tab and the console. Output waits here until the tab's socket attaches (so
 * nothing is lost or reordered while it connects), then goes straight to the socket. If the socket cannot be opened or
 * drops, the channel falls back to the Vaadin path the caller gave it, and the terminal keeps working.
 */
public final class TerminalChannel {

    /** Output kept while no socket is attached yet; a terminal that produces more than this is not being read. */
    static final int PENDING_LIMIT = 1 << 20;

    private enum State {
        WAITING,
        SOCKET,
        FALLBACK,
        CLOSED
    }

    private final String ticket;
    private final String owner;
    private final Consumer<String> input;
    private final Consumer<byte[]> fallbackOutput;
    private final Runnable onClose;
    private final List<byte[]> pending = new ArrayList<>();
    private int pendingBytes;
    private State state = State.WAITING;
    private WebSocketSession socket;
    private long socketInputs;

    TerminalChannel(
            String ticket, String owner, Consumer<String> input, Consumer<byte[]> fallbackOutput, Runnable onClose) {
        this.ticket = ticket;
        this.owner = owner;
        this.input = input;
        this.fallbackOutput = fallbackOutput;
        this.onClose = onClose;
    }

    /** Where the browser connects, relative to the application's base URL. */
    public String path() {
        return "terminal-socket/" + ticket;
    }

    String owner() {
        return owner;
    }

    /** Terminal output for the browser, from the program's stream. */
    public void output(byte[] bytes) {
        WebSocketSession target;
        synchronized (this) {
            switch (state) {
                case WAITING -> {
                    if (pendingBytes + bytes.length <= PENDING_LIMIT) {
                        pending.add(bytes);
                        pendingBytes += bytes.length;
                    }
                    return;
                }
                case FALLBACK -> {
                    fallbackOutput.accept(bytes);
                    return;
                }
                case CLOSED -> {
                    return;
                }
                default -> target = socket;
            }
            // Sent under the lock so output keeps its order when the socket is swapped or dropped.
            if (!send(target, bytes)) {
                fallBack();
                fallbackOutput.accept(bytes);
            }
        }
    }

    /** The browser could not open its socket (or lost it): use the Vaadin path from now on. */
    public synchronized void fallBack() {
        if (state == State.CLOSED || state == State.FALLBACK) {
            return;
        }
        state = State.FALLBACK;
        socket = null;
        pending.forEach(fallbackOutput);
        pending.clear();
        pendingBytes = 0;
    }

    /** Whether output goes over the browser socket right now. */
    public synchronized boolean socketAttached() {
        return state == State.SOCKET;
    }

    /** How many inputs arrived over the browser socket (the Vaadin path does not count). */
    public synchronized long socketInputs() {
        return socketInputs;
    }

    public void close() {
        WebSocketSession open;
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            state = State.CLOSED;
            open = socket;
            socket = null;
            pending.clear();
        }
        onClose.run();
        if (open != null) {
            try {
                open.close(CloseStatus.NORMAL.withReason("terminal closed"));
            } catch (IOException e) {
                // Already gone.
            }
        }
    }

    synchronized boolean attach(WebSocketSession session) {
        if (state == State.CLOSED) {
            return false;
        }
        for (byte[] bytes : pending) {
            if (!send(session, bytes)) {
                return false;
            }
        }
        pending.clear();
        pendingBytes = 0;
        socket = session;
        state = State.SOCKET;
        return true;
    }

    /**
     * Typed data from a socket of this channel (its handshake proved the owner). It is delivered even while output has
     * fallen back to the Vaadin path: a keystroke is never dropped because the two sides disagree for a moment.
     */
    void typed(String data) {
        synchronized (this) {
            if (state == State.CLOSED) {
                return;
            }
            socketInputs++;
        }
        input.accept(data);
    }

    synchronized void detached(WebSocketSession session) {
        if (socket == session) {
            fallBack();
        }
    }

    private static boolean send(WebSocketSession session, byte[] bytes) {
        try {
            session.sendMessage(new BinaryMessage(bytes));
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }
}
