package dev.pier.base;

/** A terminal into a running program: keystrokes and size go in; output arrives through its {@link Output}. */
public interface ShellSession extends StreamSubscription {

    /** What the terminal shows: output bytes, and the program's exit code at the end. */
    interface Output {
        void onOutput(byte[] bytes);

        void onExit(int exitCode);
    }

    /** Keystrokes (or pasted text) for the program: sent now, or queued while reconnecting. */
    void send(String text);

    void resize(int columns, int rows);
}
