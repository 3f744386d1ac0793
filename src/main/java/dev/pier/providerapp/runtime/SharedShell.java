package dev.pier.providerapp.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A program on a terminal (a local PTY, or a pod's exec stream) that outlives its connections. One reader thread pumps
 * the terminal to everyone attached (several browser tabs share one shell, as tmux does: each sees the output and may
 * type); while nobody is, the last {@value #BACKLOG_BYTES} bytes are kept and handed to the next attachment, and a
 * grace timer runs out to end the program. A client rotating its credentials attaches a second connection beside its
 * first, which takes the first one's place when that one leaves: each byte reaches exactly one of the two.
 */
final class SharedShell implements ShellSession {

    private static final Logger log = LoggerFactory.getLogger(SharedShell.class);
    static final int BACKLOG_BYTES = 64 * 1024;

    final String service;
    final int replica;

    private final String id;
    private final Terminal terminal;
    private final ScheduledExecutorService scheduler;
    private final Duration grace;
    private final Consumer<SharedShell> onGone;
    private final CountDownLatch drained = new CountDownLatch(1);
    private final Object writeLock = new Object();

    private final Object lock = new Object();
    // Guarded by lock.
    private final ArrayDeque<byte[]> backlog = new ArrayDeque<>();
    private int backlogBytes;
    private final List<Attachment> attachments = new ArrayList<>();
    private final Map<String, Attachment> waitingBeside = new HashMap<>();
    private Integer exitCode;
    private ScheduledFuture<?> graceTimer;

    private SharedShell(
            String id,
            String service,
            int replica,
            Terminal terminal,
            ScheduledExecutorService scheduler,
            Duration grace,
            Consumer<SharedShell> onGone) {
        this.id = id;
        this.service = service;
        this.replica = replica;
        this.terminal = terminal;
        this.scheduler = scheduler;
        this.grace = grace;
        this.onGone = onGone;
    }

    /**
     * Shares a started terminal: its output is pumped and its exit awaited on {@code io}, and with nobody attached it
     * ends after {@code grace}.
     */
    static SharedShell over(
            String id,
            String service,
            int replica,
            Terminal terminal,
            Executor io,
            ScheduledExecutorService scheduler,
            Duration grace,
            Consumer<SharedShell> onGone) {
        var shell = new SharedShell(id, service, replica, terminal, scheduler, grace, onGone);
        synchronized (shell.lock) {
            shell.startGraceTimer();
        }
        io.execute(shell::pump);
        io.execute(shell::awaitExit);
        return shell;
    }

    /**
     * The session {@code sessionId} of {@code shells} if it still runs, to attach to again; null if there is none.
     *
     * @throws IllegalArgumentException when it runs in another service or replica than the one asked for
     */
    static @Nullable SharedShell running(
            Map<String, SharedShell> shells, String sessionId, String service, int replica) {
        SharedShell existing = shells.get(sessionId);
        if (existing == null || !existing.isAlive()) {
            return null;
        }
        if (!existing.service.equals(service) || existing.replica != replica) {
            throw new IllegalArgumentException("shell session " + sessionId + " belongs to service '" + existing.service
                    + "' replica " + existing.replica);
        }
        return existing;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Runnable attach(@Nullable String client, Consumer<byte[]> output, IntConsumer onExit) {
        var next = new Attachment(client, output, onExit);
        Integer code;
        synchronized (lock) {
            code = join(next);
        }
        next.flush();
        if (code != null) {
            next.exited(code);
        }
        return () -> leave(next);
    }

    @Override
    public Runnable attachBeside(String client, Consumer<byte[]> output, IntConsumer onExit) {
        Objects.requireNonNull(client, "client");
        var next = new Attachment(client, output, onExit);
        synchronized (lock) {
            boolean clientAttached = attachments.stream().anyMatch(a -> client.equals(a.client));
            if (clientAttached && exitCode == null) {
                Attachment replaced = waitingBeside.put(client, next);
                if (replaced != null) {
                    replaced.detached = true;
                }
                return () -> leave(next);
            }
        }
        // The connection it was to replace is already gone: it is an ordinary attachment.
        return attach(client, output, onExit);
    }

    /** Adds an attachment with the backlog; returns the exit code if the program has ended. Holds lock. */
    private @Nullable Integer join(Attachment next) {
        next.pending.addAll(backlog);
        backlog.clear();
        backlogBytes = 0;
        attachments.add(next);
        cancelGraceTimer();
        return exitCode;
    }

    @Override
    public void write(byte[] input) {
        synchronized (writeLock) {
            try {
                OutputStream out = terminal.input();
                out.write(input);
                out.flush();
            } catch (IOException e) {
                if (terminal.isAlive()) {
                    throw new UncheckedIOException(e);
                }
                // The program is gone; its exit reaches the attachment on its own.
            }
        }
    }

    @Override
    public void resize(int columns, int rows) {
        if (terminal.isAlive()) {
            terminal.resize(columns, rows);
        }
    }

    @Override
    public void terminate() {
        // A shell has nothing to save; interactive shells even ignore SIGTERM.
        terminal.kill();
    }

    @Override
    public boolean isAlive() {
        return terminal.isAlive();
    }

    /**
     * An attachment leaves (its connection closed, or its client handed over): the one waiting beside it for the same
     * client, if any, takes its place from the next byte on; a chunk being delivered to it at this moment is finished
     * first, and one delivered after goes to its successor.
     */
    private void leave(Attachment gone) {
        Attachment successor = null;
        Integer code = null;
        synchronized (lock) {
            if (gone.left) {
                return;
            }
            gone.left = true;
            if (gone.client != null && waitingBeside.get(gone.client) == gone) {
                // It was still waiting beside another: it never received anything.
                waitingBeside.remove(gone.client);
                gone.detached = true;
                return;
            }
            boolean wasAttached = attachments.remove(gone);
            if (wasAttached && gone.client != null) {
                successor = waitingBeside.remove(gone.client);
            }
            if (successor != null) {
                gone.successor = successor;
                code = join(successor);
            } else if (wasAttached && attachments.isEmpty() && exitCode == null) {
                startGraceTimer();
            }
        }
        gone.retire();
        if (successor != null) {
            successor.flush();
            if (code != null) {
                successor.exited(code);
            }
        }
    }

    private void pump() {
        byte[] buffer = new byte[8192];
        try {
            InputStream in = terminal.output();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    deliver(Arrays.copyOf(buffer, n));
                }
            }
        } catch (IOException e) {
            // Reading a PTY whose program has ended fails (EIO) rather than returning end of stream.
            log.debug("Shell {} output ended: {}", id, e.getMessage());
        } finally {
            drained.countDown();
        }
    }

    /** Every attachment gets the chunk; one whose consumer failed is detached. Nobody attached: kept as backlog. */
    private void deliver(byte[] chunk) {
        List<Attachment> current;
        synchronized (lock) {
            if (attachments.isEmpty()) {
                keep(chunk);
                return;
            }
            current = List.copyOf(attachments);
        }
        boolean anyone = false;
        for (Attachment attached : current) {
            // One that handed over while this chunk was on its way passes it on to the attachment that replaced it.
            Attachment target = attached;
            boolean delivered;
            while (!(delivered = target.deliver(chunk)) && target.successor != null) {
                target = target.successor;
            }
            if (delivered) {
                anyone = true;
            } else {
                leave(target);
            }
        }
        if (!anyone) {
            synchronized (lock) {
                keep(chunk);
            }
        }
    }

    private void keep(byte[] chunk) {
        backlog.addLast(chunk);
        backlogBytes += chunk.length;
        while (backlogBytes > BACKLOG_BYTES && backlog.size() > 1) {
            backlogBytes -= backlog.removeFirst().length;
        }
    }

    private void awaitExit() {
        int code;
        try {
            code = terminal.waitFor();
            // Output written just before the exit should reach the screen before the exit code does.
            drained.await(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        List<Attachment> current;
        synchronized (lock) {
            exitCode = code;
            current = List.copyOf(attachments);
            cancelGraceTimer();
        }
        onGone.accept(this);
        current.forEach(attached -> attached.exited(code));
    }

    private void startGraceTimer() {
        cancelGraceTimer();
        graceTimer = scheduler.schedule(this::graceExpired, grace.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void cancelGraceTimer() {
        if (graceTimer != null) {
            graceTimer.cancel(false);
            graceTimer = null;
        }
    }

    private void graceExpired() {
        synchronized (lock) {
            if (!attachments.isEmpty() || exitCode != null) {
                return;
            }
        }
        log.info("Shell session {} had no connection for {}; ending it", id, grace);
        terminate();
    }

    /** One connection's view of the shell. Its own lock keeps the backlog ahead of newer output. */
    private static final class Attachment {

        final @Nullable String client;
        final Consumer<byte[]> output;
        final IntConsumer onExit;
        final List<byte[]> pending = new ArrayList<>();
        final Object lock = new Object();
        final AtomicBoolean exitReported = new AtomicBoolean();
        volatile boolean detached;
        volatile @Nullable Attachment successor;
        // Guarded by the shell's lock.
        boolean left;

        Attachment(@Nullable String client, Consumer<byte[]> output, IntConsumer onExit) {
            this.client = client;
            this.output = output;
            this.onExit = onExit;
        }

        /** Takes no more output; waits for a delivery in progress, so nothing reaches it after this returns. */
        void retire() {
            synchronized (lock) {
                detached = true;
            }
        }

        boolean deliver(byte[] chunk) {
            synchronized (lock) {
                if (detached) {
                    return false;
                }
                try {
                    flushLocked();
                    output.accept(chunk);
                    return true;
                } catch (RuntimeException e) {
                    log.debug("Shell output consumer failed; detaching it", e);
                    detached = true;
                    return false;
                }
            }
        }

        void flush() {
            synchronized (lock) {
                try {
                    flushLocked();
                } catch (RuntimeException e) {
                    log.debug("Shell output consumer failed; detaching it", e);
                    detached = true;
                }
            }
        }

        void exited(int code) {
            if (detached || !exitReported.compareAndSet(false, true)) {
                return;
            }
            flush();
            onExit.accept(code);
        }

        private void flushLocked() {
            if (detached) {
                return;
            }
            for (byte[] chunk : pending) {
                output.accept(chunk);
            }
            pending.clear();
        }
    }
}
