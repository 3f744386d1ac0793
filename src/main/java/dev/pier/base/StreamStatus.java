package dev.pier.base;

import java.time.Instant;

/**
 * The health of a stream as people see it: connecting, live, reconnecting, or closed with the reason. A stream is never
 * silently frozen: every change arrives as a status.
 */
public record StreamStatus(State state, String reason, Instant since) {

    public enum State {
        CONNECTING,
        LIVE,
        RECONNECTING,
        CLOSED
    }

    public boolean closed() {
        return state == State.CLOSED;
    }
}
