package dev.pier.base;

import com.vaadin.flow.shared.Registration;
import java.time.Duration;
import java.util.Optional;

/**
 * A followed stream (a lease's logs or events, a shell): its health now, how long it has been silent, and
 * {@link #remove()} to end it.
 */
public interface StreamSubscription extends Registration {

    /** The last status reported (connecting, live, reconnecting, closed with the reason). */
    StreamStatus status();

    /** How long a live stream has heard nothing, once that counts as a stall; empty otherwise. */
    Optional<Duration> stalledFor();
}
