package dev.pier.providerapp.gateway;

import dev.pier.providerapp.runtime.LeaseId;
import dev.pier.providerapp.runtime.ShellSession;
import dev.pier.providerapp.runtime.WorkloadRuntime;
import dev.pier.shared.ProviderProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.MultiValueMap;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.BinaryWebSocketHandler;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.UriUtils;

/**
 * The shell route: binary frames whose first byte is a code (100 stdout, 101 stderr, 102 result, 103 failure, 104
 * stdin, 105 resize as Akash). The PTY belongs to the {@code session} id, not to the connection: a reconnect with the
 * same id and a valid token of the same account re-attaches to it, so a token rotation kills nothing. A client that
 * names itself ({@code client}) can open its next connection beside the current one and hand over to it (see
 * {@link ProviderProtocol#HAND_OVER}), so a rotation does not even pause the terminal.
 */
@Component
class ShellHandler extends BinaryWebSocketHandler {

    static final byte STDOUT = ProviderProtocol.STDOUT;
    static final byte RESULT = ProviderProtocol.RESULT;
    static final byte FAILURE = ProviderProtocol.FAILURE;
    static final byte STDIN = ProviderProtocol.STDIN;
    static final byte RESIZE = ProviderProtocol.RESIZE;
    static final byte HAND_OVER = ProviderProtocol.HAND_OVER;
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private static final Logger log = LoggerFactory.getLogger(ShellHandler.class);
    private static final String SHELL = "pier.shell";
    private static final String DETACH = "pier.detach";

    private final WorkloadRuntime runtime;
    private final StreamGuard guard;
    private final WorkloadAccess access;

    ShellHandler(WorkloadRuntime runtime, StreamGuard guard, WorkloadAccess access) {
        this.runtime = runtime;
        this.guard = guard;
        this.access = access;
    }

    private static String decoded(String value) {
        return value == null ? null : UriUtils.decode(value, StandardCharsets.UTF_8);
    }

    private static int replica(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("replica: '" + decoded(value) + "' is not a replica number (0, 1, …).");
        }
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) throws IOException {
        WebSocketSession session = new ConcurrentWebSocketSessionDecorator(raw, 30_000, 1 << 20);
        TokenVerifier.Caller caller = (TokenVerifier.Caller) raw.getAttributes().get(LeaseHandshake.CALLER);
        LeaseId lease = (LeaseId) raw.getAttributes().get(LeaseHandshake.LEASE);
        guard.watch(session, caller);
        // The query as sent is percent-encoded: cmd0=echo%20hi is the word "echo hi".
        MultiValueMap<String, String> query =
                UriComponentsBuilder.fromUri(raw.getUri()).build().getQueryParams();
        String service = decoded(query.getFirst("service"));
        String sessionId = query.containsKey("session")
                ? decoded(query.getFirst("session"))
                : UUID.randomUUID().toString();
        String client = decoded(query.getFirst("client"));
        boolean beside = "true".equals(query.getFirst("beside"));
        List<String> command = new ArrayList<>();
        for (int i = 0; query.containsKey("cmd" + i); i++) {
            command.add(decoded(query.getFirst("cmd" + i)));
        }
        ShellSession shell;
        try {
            int replica = replica(query.getFirst("replica"));
            if (service == null || service.isBlank()) {
                throw new IllegalArgumentException("Name the service: ?service=<name>.");
            }
            if (client != null && !CLIENT_ID.matcher(client).matches()) {
                throw new IllegalArgumentException("client: up to 64 letters, digits and dashes.");
            }
            if (beside && client == null) {
                throw new IllegalArgumentException("client: a connection beside another names its client.");
            }
            access.check(caller);
            shell = runtime.shell(lease, service, replica, sessionId, command.isEmpty() ? null : command);
        } catch (RuntimeException e) {
            session.sendMessage(frame(FAILURE, e.getMessage() == null ? e.toString() : e.getMessage()));
            session.close(CloseStatus.NORMAL);
            return;
        }
        raw.getAttributes().put(SHELL, shell);
        Consumer<byte[]> output = bytes -> send(session, frame(STDOUT, bytes));
        IntConsumer onExit = exitCode -> {
            send(session, frame(RESULT, "{\"exit_code\":" + exitCode + "}"));
            try {
                session.close(CloseStatus.NORMAL);
            } catch (IOException e) {
                log.debug("Close after exit failed", e);
            }
        };
        if (beside) {
            raw.getAttributes().put(DETACH, shell.attachBeside(client, output, onExit));
            send(session, frame(ProviderProtocol.WAITING, new byte[0]));
        } else {
            raw.getAttributes().put(DETACH, shell.attach(client, output, onExit));
        }
    }

    @Override
    protected void handleBinaryMessage(WebSocketSession session, BinaryMessage message) {
        TokenVerifier.Caller caller =
                (TokenVerifier.Caller) session.getAttributes().get(LeaseHandshake.CALLER);
        if (guard.expired(caller)) {
            guard.expire(session);
            return;
        }
        ShellSession shell = (ShellSession) session.getAttributes().get(SHELL);
        ByteBuffer payload = message.getPayload();
        if (shell == null || !payload.hasRemaining()) {
            return;
        }
        byte code = payload.get();
        if (code == STDIN) {
            byte[] input = new byte[payload.remaining()];
            payload.get(input);
            shell.write(input);
        } else if (code == RESIZE && payload.remaining() >= 4) {
            int width = Short.toUnsignedInt(payload.getShort());
            int height = Short.toUnsignedInt(payload.getShort());
            shell.resize(width, height);
        } else if (code == HAND_OVER && session.getAttributes().get(DETACH) instanceof Runnable leave) {
            // Every keystroke sent before this frame has been written; after leave() no output comes here any more.
            leave.run();
            send(session, frame(ProviderProtocol.HANDED_OVER, new byte[0]));
        }
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        guard.pong(session);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        guard.release(session);
        Object detach = session.getAttributes().get(DETACH);
        if (detach instanceof Runnable run) {
            // The program keeps running for the shell grace period, waiting for a re-attach.
            run.run();
        }
    }

    private static void send(WebSocketSession session, BinaryMessage message) {
        try {
            if (session.isOpen()) {
                session.sendMessage(message);
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("Shell output not delivered: {}", e.toString());
        }
    }

    static BinaryMessage frame(byte code, String text) {
        return frame(code, text.getBytes(StandardCharsets.UTF_8));
    }

    static BinaryMessage frame(byte code, byte[] bytes) {
        byte[] framed = new byte[bytes.length + 1];
        framed[0] = code;
        System.arraycopy(bytes, 0, framed, 1, bytes.length);
        return new BinaryMessage(framed);
    }
}
