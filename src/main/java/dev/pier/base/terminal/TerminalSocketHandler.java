package dev.pier.base.terminal;

import java.io.IOException;
import java.security.Principal;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;

/**
 * {@code /terminal-socket/{ticket}}: text frames from the browser are typed data, binary frames to it are terminal
 * output. The handshake passes the UI's security chain (a signed-in session or remember-me cookie, same origin only),
 * and the ticket must belong to that user.
 */
class TerminalSocketHandler extends TextWebSocketHandler {

    private static final String CHANNEL = "pier.terminal.channel";
    private final TerminalChannels channels;

    TerminalSocketHandler(TerminalChannels channels) {
        this.channels = channels;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) throws IOException {
        String path = raw.getUri() == null ? "" : raw.getUri().getPath();
        TerminalChannel channel = channels.find(path.substring(path.lastIndexOf('/') + 1));
        Principal principal = raw.getPrincipal();
        if (channel == null || principal == null || !channel.owner().equals(principal.getName())) {
            raw.close(CloseStatus.POLICY_VIOLATION.withReason("unknown terminal"));
            return;
        }
        WebSocketSession session = new ConcurrentWebSocketSessionDecorator(raw, 10_000, 1 << 20);
        if (!channel.attach(session)) {
            raw.close(CloseStatus.GOING_AWAY.withReason("terminal closed"));
            return;
        }
        raw.getAttributes().put(CHANNEL, channel);
        raw.getAttributes().put(CHANNEL + ".session", session);
    }

    @Override
    protected void handleTextMessage(WebSocketSession raw, TextMessage message) {
        TerminalChannel channel = (TerminalChannel) raw.getAttributes().get(CHANNEL);
        if (channel != null) {
            channel.typed(message.getPayload());
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession raw, CloseStatus status) {
        TerminalChannel channel = (TerminalChannel) raw.getAttributes().get(CHANNEL);
        if (channel != null) {
            channel.detached((WebSocketSession) raw.getAttributes().get(CHANNEL + ".session"));
        }
    }
}
