package dev.pier.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One supervised replica process: its output goes to the lease log, and when it exits it is started again after an
 * exponential backoff, until it is stopped.
 */
final class Replica {

    private static final Logger log = LoggerFactory.getLogger(Replica.class);

    final String service;
    final int index;
    final Path workDir;
    final Map<String, String> env;
    final List<ServiceStatus.ForwardedPort> ports;
    /** Inherited by everything this replica starts, so that strays are found at stop. */
    final String marker;

    private final List<String> commandLine;
    private final LeaseRuntime lease;
    private final RuntimeContext ctx;
    private final Runnable onRestart;

    // Guarded by this.
    private Process process;
    private boolean stopped;
    private ScheduledFuture<?> pendingRestart;
    private Duration backoff;
    private Instant startedAt;

    Replica(String service, int index, Path workDir, List<String> commandLine, Map<String, String> env,
            List<ServiceStatus.ForwardedPort> ports, LeaseRuntime lease, RuntimeContext ctx, Runnable onRestart) {
        this.service = service;
        this.index = index;
        this.workDir = workDir;
        this.commandLine = List.copyOf(commandLine);
        this.marker = lease.id.path() + "/" + service + "-" + index + "/" + UUID.randomUUID();
        var withMarker = new LinkedHashMap<>(env);
        withMarker.put(ProcessTrees.MARKER, marker);
        this.env = Map.copyOf(withMarker);
        this.ports = List.copyOf(ports);
        this.lease = lease;
        this.ctx = ctx;
        this.onRestart = onRestart;
        this.backoff = ctx.settings().restartBackoffInitial();
    }

    synchronized void start() {
        launch();
    }

    synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    synchronized long pid() {
        return process == null ? -1 : process.pid();
    }

    /** Stops supervising and ends the process tree; returns once it is gone. */
    void stop() {
        ProcessHandle handle = beginStop();
        if (handle != null) {
            ProcessTrees.kill(List.of(handle), ctx.settings().stopTimeout(), List.of(marker));
        }
        stopped();
    }

    /** The first half of {@link #stop()}, for stopping many replicas at once: no more restarts; the process to end. */
    synchronized ProcessHandle beginStop() {
        stopped = true;
        if (pendingRestart != null) {
            pendingRestart.cancel(false);
            pendingRestart = null;
        }
        return process == null ? null : process.toHandle();
    }

    void stopped() {
        lease.event(service, index, "stopped", "stopped", null);
    }

    private void launch() {
        Process started;
        try {
            Files.createDirectories(workDir);
            var builder = new ProcessBuilder(commandLine).directory(workDir.toFile());
            // Nothing of the provider's own environment (credentials, database URLs) reaches the workload.
            builder.environment().clear();
            builder.environment().putAll(env);
            started = ctx.spawn(builder);
        } catch (IOException e) {
            lease.event(service, index, "failed", "could not start: " + e.getMessage(), null);
            scheduleRestart();
            return;
        }
        process = started;
        startedAt = ctx.clock().instant();
        lease.event(service, index, "started", "pid " + started.pid(), null);
        pump(started.getInputStream(), "stdout");
        pump(started.getErrorStream(), "stderr");
        started.onExit().thenRunAsync(() -> exited(started), ctx.io());
    }

    private void pump(InputStream in, String stream) {
        ctx.io().execute(() -> {
            try (in) {
                LineReader.read(in, RuntimeContext.MAX_LINE_BYTES, line -> lease.log(service, index, stream, line));
            } catch (IOException e) {
                // The stream closes when the process is killed; what was read is logged already.
                log.debug("{} {} of {}/{} ended: {}", stream, lease.id.path(), service, index, e.getMessage());
            }
        });
    }

    private synchronized void exited(Process ended) {
        if (stopped || ended != process) {
            return;
        }
        int code = ended.exitValue();
        lease.event(service, index, "exited", "exited with code " + code, code);
        // A replica that stayed up for a while crashed anew rather than in a loop: start over with a short delay.
        if (Duration.between(startedAt, ctx.clock().instant()).compareTo(ctx.settings().restartBackoffMax()) >= 0) {
            backoff = ctx.settings().restartBackoffInitial();
        }
        // The log says it too, so someone reading only the logs sees where one run ended and why.
        lease.log(service, index, "system", "exited with code " + code + "; restarting in " + backoff.toMillis() + " ms");
        scheduleRestart();
    }

    private void scheduleRestart() {
        Duration delay = backoff;
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(ctx.settings().restartBackoffMax()) > 0 ? ctx.settings().restartBackoffMax() : doubled;
        pendingRestart = ctx.scheduler().schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void restart() {
        if (stopped) {
            return;
        }
        pendingRestart = null;
        onRestart.run();
        lease.event(service, index, "restarted", "restarted", null);
        launch();
    }
}
