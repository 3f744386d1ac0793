package dev.pier.runtime;

import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What replicas and shells of every lease share.
 *
 * @param io      runs the blocking readers (output pumps, exit waits); one thread each while a process lives
 * @param spawner the one long-lived thread that starts replica processes: bubblewrap's {@code --die-with-parent}
 *                follows the thread that forked, so a process started from a pooled request thread would die when
 *                that thread is retired
 */
record RuntimeContext(Clock clock, RuntimeSettings settings, Sandbox sandbox, ScheduledExecutorService scheduler,
                      ExecutorService io, ExecutorService spawner) {

    static final int MAX_LINE_BYTES = 16 * 1024;

    Process spawn(ProcessBuilder builder) throws IOException {
        return onSpawner(builder::start);
    }

    private <T> T onSpawner(Callable<T> task) throws IOException {
        try {
            return spawner.submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting a process", e);
        }
    }
}
