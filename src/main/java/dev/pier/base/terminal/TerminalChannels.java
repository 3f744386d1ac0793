package dev.pier.base.terminal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/** The open terminal channels, each found by an unguessable ticket and usable only by the user it was opened for. */
@Component
public class TerminalChannels {

    private final SecureRandom random = new SecureRandom();
    private final Map<String, TerminalChannel> open = new ConcurrentHashMap<>();

    /**
     * Opens a channel for a terminal of {@code owner}: typed data from the browser socket goes to {@code input}, and
     * {@code fallbackOutput} carries the output whenever the browser has no socket.
     */
    public TerminalChannel open(String owner, Consumer<String> input, Consumer<byte[]> fallbackOutput) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        TerminalChannel channel = new TerminalChannel(ticket, owner, input, fallbackOutput, () -> open.remove(ticket));
        open.put(ticket, channel);
        return channel;
    }

    TerminalChannel find(String ticket) {
        return open.get(ticket);
    }

    /**
     * Closes every channel of {@code owner}, and so their sockets: a user signed out everywhere (disabled, all sessions
     * revoked) keeps no terminal open, whatever happens to their tabs. Returns how many were closed.
     */
    public int closeAllOf(String owner) {
        List<TerminalChannel> theirs =
                open.values().stream().filter(c -> c.owner().equals(owner)).toList();
        theirs.forEach(TerminalChannel::close);
        return theirs.size();
    }

    /** Channels whose browser socket is attached now. */
    public long attachedSockets() {
        return open.values().stream().filter(TerminalChannel::socketAttached).count();
    }

    /** Channels open now (a closed terminal leaves none behind). */
    public int openChannels() {
        return open.size();
    }
}
