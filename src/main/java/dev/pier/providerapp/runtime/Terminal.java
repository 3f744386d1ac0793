package dev.pier.providerapp.runtime;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;
import com.pty4j.WinSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;

/** What a {@link SharedShell} runs on: a local PTY, or a pod's exec stream with a TTY. */
interface Terminal {

    /** What the program writes; ends (or fails) when it has ended. */
    InputStream output();

    /** Keystrokes for the program. */
    OutputStream input();

    void resize(int columns, int rows);

    /** Ends the program and everything it started, at once. */
    void kill();

    boolean isAlive();

    /** Blocks until the program has ended; its exit code. */
    int waitFor() throws InterruptedException;

    /**
     * Starts what {@code builder} describes (command, directory, environment) in a local PTY of 80x24; {@code marker}
     * is in its environment and in that of everything it starts, so that strays are found when it is killed.
     */
    static Terminal pty(ProcessBuilder builder, String marker) throws IOException {
        var withMarker = new LinkedHashMap<>(builder.environment());
        withMarker.put(ProcessTrees.MARKER, marker);
        PtyProcess process = new PtyProcessBuilder(builder.command().toArray(String[]::new))
                .setEnvironment(withMarker)
                .setDirectory(
                        builder.directory() == null ? "/" : builder.directory().toString())
                .setInitialColumns(80)
                .setInitialRows(24)
                .setRedirectErrorStream(true)
                .start();
        return new Terminal() {
            @Override
            public InputStream output() {
                return process.getInputStream();
            }

            @Override
            public OutputStream input() {
                return process.getOutputStream();
            }

            @Override
            public void resize(int columns, int rows) {
                process.setWinSize(new WinSize(columns, rows));
            }

            @Override
            public void kill() {
                List<ProcessHandle> roots =
                        ProcessHandle.of(process.pid()).stream().toList();
                ProcessTrees.kill(roots, Duration.ZERO, List.of(marker));
                process.destroyForcibly();
            }

            @Override
            public boolean isAlive() {
                return process.isAlive();
            }

            @Override
            public int waitFor() throws InterruptedException {
                return process.waitFor();
            }
        };
    }
}
