package dev.pier.providerapp.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervised replica: each run's output goes to the lease log, and when a run ends it is started again after an
 * exponential backoff, until the replica is stopped. Runs start off the caller's thread (an image may have to be pulled
 * first).
 */
final class Replica {

    private static final Logger log = LoggerFactory.getLogger(Replica.class);

    final String service;
    final int index;
    final Placement placement;

    private final LeaseRuntime lease;
    private final RuntimeContext ctx;
    private final ServiceHealth health;
    private final CompletableFuture<Void> firstAttempt = new CompletableFuture<>();

    // Guarded by this.
    private Process process;
    private boolean stopped;
    private ScheduledFuture<?> pendingRestart;
    private Duration backoff;
    private Instant startedAt;
    /** The current run is up at the engine: its client process alone says little (a container takes a moment). */
    private volatile boolean running;

    private volatile String lastError;
    /** Both output pumps of the current run have read to the end. */
    private volatile CompletableFuture<Void> outputRead = CompletableFuture.completedFuture(null);

    Replica(Placement placement, LeaseRuntime lease, RuntimeContext ctx, ServiceHealth health) {
        this.service = placement.service();
        this.index = placement.index();
        this.placement = placement;
        this.lease = lease;
        this.ctx = ctx;
        this.health = health;
        this.backoff = ctx.settings().restartBackoffInitial();
    }

    void start() {
        ctx.io().execute(this::launch);
    }

    /** Waits until the first run started or failed to, at most {@code timeout}. */
    void awaitFirstAttempt(Duration timeout) {
        try {
            firstAttempt.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            // Still preparing (a long pull): the rollout goes on; events tell the rest.
        }
    }

    /**
     * Waits until the current run is up at the engine, at most {@code timeout}; returns whether it is. A shell opened
     * right after a deployment would otherwise reach for a container that is still being created.
     */
    boolean awaitRunning(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isAlive() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return isAlive();
    }

    synchronized boolean isAlive() {
        return running && process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Stops supervising, ends the current run and frees what the replica had; returns once it is gone. */
    void stop() {
        Process running;
        synchronized (this) {
            stopped = true;
            if (pendingRestart != null) {
                pendingRestart.cancel(false);
                pendingRestart = null;
            }
            running = process;
        }
        try {
            ctx.engine().stop(placement, running, ctx.settings().stopTimeout());
        } finally {
            ctx.engine().release(placement);
            lease.event(service, index, "stopped", "stopped", null);
        }
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    private void launch() {
        try {
            if (isStopped()) {
                return;
            }
            try {
                ctx.engine().prepare(placement, line -> lease.event(service, index, "pulling", line, null));
            } catch (RuntimeException e) {
                failed(e.getMessage());
                return;
            }
            synchronized (this) {
                if (stopped) {
                    return;
                }
                Process started;
                try {
                    started = ctx.engine().start(placement);
                } catch (IOException e) {
                    failed("could not start: " + e.getMessage());
                    return;
                }
                process = started;
                running = false;
                lastError = null;
                startedAt = ctx.clock().instant();
                lease.event(service, index, "started", "started", null);
                outputRead = CompletableFuture.allOf(
                        pump(started, started.getInputStream(), "stdout"),
                        pump(started, started.getErrorStream(), "stderr"));
                started.onExit().thenRunAsync(() -> exited(started), ctx.io());
                ctx.io().execute(() -> watchStart(started));
            }
        } finally {
            firstAttempt.complete(null);
        }
    }

    private void failed(String why) {
        lease.event(service, index, "failed", why, null);
        lease.log(service, index, "system", why);
        synchronized (this) {
            if (!stopped) {
                scheduleRestart();
            }
        }
    }

    /** Polls the engine until the run is up, or gone; output from the run proves it is up, too. */
    private void watchStart(Process run) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!running && run.isAlive() && System.nanoTime() < deadline) {
            if (ctx.engine().running(placement)) {
                markRunning(run);
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized void markRunning(Process run) {
        if (run == process) {
            running = true;
        }
    }

    private CompletableFuture<Void> pump(Process run, InputStream in, String stream) {
        return CompletableFuture.runAsync(
                () -> {
                    try (in) {
                        LineReader.read(in, RuntimeContext.MAX_LINE_BYTES, line -> {
                            if (stream.equals("stderr")) {
                                lastError = line;
                            }
                            // Only stdout proves the workload runs: the engine's own complaints arrive on stderr.
                            if (!running && stream.equals("stdout")) {
                                markRunning(run);
                            }
                            lease.log(service, index, stream, line);
                        });
                    } catch (IOException e) {
                        // The stream closes when the run is killed; what was read is logged already.
                        log.debug("{} {} of {}/{} ended: {}", stream, lease.id.path(), service, index, e.getMessage());
                    }
                },
                ctx.io());
    }

    private void exited(Process ended) {
        synchronized (this) {
            if (stopped || ended != process) {
                return;
            }
        }
        int code = ended.exitValue();
        try {
            // The run's last words come before the note of its end, and may say why it ended.
            outputRead.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.debug("Output of {}/{} still open after its exit", service, index);
        }
        // Outside the lock: asking the engine why (and removing the run) takes a moment, and a stop must not wait.
        String reason = ctx.engine().ended(placement, code, lastError);
        synchronized (this) {
            if (stopped || ended != process) {
                return;
            }
            String message;
            if (reason != null) {
                message = reason + " (exit code " + code + ")";
            } else if (lastError != null && (!running || (code >= 125 && code <= 127))) {
                // It never came up, or the engine or shell failed itself (no such program): say what it said.
                message = "exited with code " + code + ": " + lastError;
            } else {
                message = "exited with code " + code;
            }
            health.exited(code, message, ctx.clock().instant());
            lease.event(service, index, "exited", message, code);
            // A replica that stayed up for a while crashed anew rather than in a loop: start over with a short delay.
            if (Duration.between(startedAt, ctx.clock().instant())
                            .compareTo(ctx.settings().restartBackoffMax())
                    >= 0) {
                backoff = ctx.settings().restartBackoffInitial();
            }
            // The log says it too, so someone reading only the logs sees where one run ended and why.
            lease.log(service, index, "system", message + "; restarting in " + backoff.toMillis() + " ms");
            scheduleRestart();
        }
    }

    private void scheduleRestart() {
        Duration delay = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(ctx.settings().restartBackoffMax()) > 0
                ? ctx.settings().restartBackoffMax()
                : doubled;
        pendingRestart = ctx.scheduler().schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            pendingRestart = null;
        }
        health.restarted(ctx.clock().instant());
        lease.event(service, index, "restarted", "restarting after the exit above", null);
        launch();
    }
}
