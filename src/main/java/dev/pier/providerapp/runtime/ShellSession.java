package dev.pier.providerapp.runtime;

import java.util.function.Consumer;
import java.util.function.IntConsumer;

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
    Runnable attach(Consumer<byte[]> output, IntConsumer onExit);

    /** Keystrokes for the program. */
    void write(byte[] input);

    void resize(int columns, int rows);

    /** Ends the program now. */
    void terminate();

    boolean isAlive();
}
