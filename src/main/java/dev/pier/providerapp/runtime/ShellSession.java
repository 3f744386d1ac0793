package dev.pier.providerapp.runtime;

import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A program (a shell by default) in a PTY inside a replica's working directory. It outlives its connection: after a
 * detach it keeps running for the shell grace period, and a reconnect with the same session id attaches to it again.
 */
public interface ShellSession {

    String id();

    /**
     * Attaches an output consumer (PTY output bytes) and an exit listener beside any other attachment: every attachment
     * gets all output from then on (several tabs share one shell), and the backlog kept while nobody was attached goes
     * to the first. A consumer may block: that is the back-pressure, the PTY is not read meanwhile. Returns the detach
     * action.
     */
    default Runnable attach(Consumer<byte[]> output, IntConsumer onExit) {
        return attach(null, output, onExit);
    }

    /**
     * {@link #attach(Consumer, IntConsumer)} for a connection of {@code client}, which may later hand over to another.
     */
    Runnable attach(@Nullable String client, Consumer<byte[]> output, IntConsumer onExit);

    /**
     * Make-before-break for {@code client}, which is attached already: this attachment receives nothing while it waits
     * beside that one, and takes its place, from the next byte on, when that one is detached. Each byte reaches one of
     * the two, in order. If the client has no attachment (any more), it is an ordinary attachment. Returns the detach
     * action.
     */
    Runnable attachBeside(String client, Consumer<byte[]> output, IntConsumer onExit);

    /** Keystrokes for the program. */
    void write(byte[] input);

    void resize(int columns, int rows);

    /** Ends the program now. */
    void terminate();

    boolean isAlive();
}
