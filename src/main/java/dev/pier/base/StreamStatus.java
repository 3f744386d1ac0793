package dev.pier.base;

import java.time.Instant;

/**
 * The health of a stream as people see it: connecting, live, reconnecting, closed with the reason, or archived (a
 * closed deployment's kept entries). A stream is never silently frozen: every change arrives as a status.
 */
public record StreamStatus(State state, String reason, Instant since) {

    public enum State {
        CONNECTING,
        LIVE,
        RECONNECTING,
        CLOSED,
        /**
         * A closed deployment's kept entries were shown; nothing more will come and there is nothing to reconnect to.
         */
        ARCHIVED
    }

    public boolean closed() {
        return state == State.CLOSED;
    }
}
