package dev.pier.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the {@link LocalRuntime}.
 *
 * @param shellGrace            how long a shell session with no attachment keeps running (a reconnect within it
 *                              re-attaches)
 * @param restartBackoffInitial first delay before an exited replica is started again; it doubles per crash
 * @param restartBackoffMax     the longest delay between restarts
 * @param logRingCapacity       log lines kept in memory per lease (older ones stay in the log file only)
 * @param eventRingCapacity     lifecycle events kept in memory per lease
 * @param logFileMaxBytes       size at which a lease's {@code log.jsonl} is rotated to {@code log.1.jsonl} (one
 *                              rotated file is kept)
 * @param stopTimeout           how long a stopped process gets after SIGTERM before it is killed
 * @param requireIsolation      refuse to run workloads when bubblewrap is missing or does not work
 * @param bwrap                 the bubblewrap binary; null for {@code /usr/bin/bwrap}
 */
public record RuntimeSettings(Duration shellGrace, Duration restartBackoffInitial, Duration restartBackoffMax,
                              int logRingCapacity, int eventRingCapacity, long logFileMaxBytes, Duration stopTimeout,
                              boolean requireIsolation, Path bwrap) {

    public RuntimeSettings {
        Objects.requireNonNull(shellGrace, "shellGrace");
        Objects.requireNonNull(restartBackoffInitial, "restartBackoffInitial");
        Objects.requireNonNull(restartBackoffMax, "restartBackoffMax");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        if (restartBackoffInitial.isNegative() || restartBackoffMax.compareTo(restartBackoffInitial) < 0) {
            throw new IllegalArgumentException("restart backoff: need 0 <= initial <= max");
        }
        if (logRingCapacity < 1 || eventRingCapacity < 1 || logFileMaxBytes < 1) {
            throw new IllegalArgumentException("log capacities and the log file size must be positive");
        }
    }

    /** 60 s shell grace, restarts after 1 s doubling to 30 s, 50,000 lines in memory, 10 MiB log files. */
    public static RuntimeSettings defaults() {
        return new RuntimeSettings(Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofSeconds(30), 50_000, 10_000,
                10L * 1024 * 1024, Duration.ofSeconds(3), false, null);
    }

    public RuntimeSettings withShellGrace(Duration grace) {
        return new RuntimeSettings(grace, restartBackoffInitial, restartBackoffMax, logRingCapacity, eventRingCapacity,
                logFileMaxBytes, stopTimeout, requireIsolation, bwrap);
    }

    public RuntimeSettings withRestartBackoff(Duration initial, Duration max) {
        return new RuntimeSettings(shellGrace, initial, max, logRingCapacity, eventRingCapacity, logFileMaxBytes,
                stopTimeout, requireIsolation, bwrap);
    }

    public RuntimeSettings withLogLimits(int ringCapacity, long fileMaxBytes) {
        return new RuntimeSettings(shellGrace, restartBackoffInitial, restartBackoffMax, ringCapacity, eventRingCapacity,
                fileMaxBytes, stopTimeout, requireIsolation, bwrap);
    }

    public RuntimeSettings withIsolation(boolean required, Path bwrapBinary) {
        return new RuntimeSettings(shellGrace, restartBackoffInitial, restartBackoffMax, logRingCapacity,
                eventRingCapacity, logFileMaxBytes, stopTimeout, required, bwrapBinary);
    }
}
