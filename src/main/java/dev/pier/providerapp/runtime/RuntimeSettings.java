package dev.pier.providerapp.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of the {@link LocalRuntime}.
 *
 * @param shellGrace how long a shell session with no attachment keeps running (a reconnect within it re-attaches)
 * @param restartBackoffInitial first delay before an exited replica is started again; it doubles per crash
 * @param restartBackoffMax the longest delay between restarts
 * @param logRingCapacity log lines kept in memory per lease (older ones stay in the log file only)
 * @param eventRingCapacity lifecycle events kept in memory per lease
 * @param logFileMaxBytes size at which a lease's {@code log.jsonl} is rotated to {@code log.1.jsonl} (one rotated file
 *     is kept)
 * @param stopTimeout how long a stopped replica gets after SIGTERM before it is killed
 * @param maxReplicas replicas of all leases together on this provider: each costs threads and memory here
 * @param replicaDefaults resources of a replica whose manifest names none
 */
public record RuntimeSettings(
        Duration shellGrace,
        Duration restartBackoffInitial,
        Duration restartBackoffMax,
        int logRingCapacity,
        int eventRingCapacity,
        long logFileMaxBytes,
        Duration stopTimeout,
        int maxReplicas,
        ReplicaDefaults replicaDefaults) {

    /**
     * @param cpuMillis thousandths of a CPU
     * @param memoryBytes memory, no swap
     * @param storageBytes scratch space on /tmp
     * @param pids processes and threads of one replica
     */
    public record ReplicaDefaults(long cpuMillis, long memoryBytes, long storageBytes, int pids) {
        public static final ReplicaDefaults STANDARD = new ReplicaDefaults(1000, 512L << 20, 1L << 30, 256);
    }

    public RuntimeSettings {
        Objects.requireNonNull(shellGrace, "shellGrace");
        Objects.requireNonNull(restartBackoffInitial, "restartBackoffInitial");
        Objects.requireNonNull(restartBackoffMax, "restartBackoffMax");
        Objects.requireNonNull(stopTimeout, "stopTimeout");
        Objects.requireNonNull(replicaDefaults, "replicaDefaults");
        if (restartBackoffInitial.isNegative() || restartBackoffMax.compareTo(restartBackoffInitial) < 0) {
            throw new IllegalArgumentException("restart backoff: need 0 <= initial <= max");
        }
        if (logRingCapacity < 1 || eventRingCapacity < 1 || logFileMaxBytes < 1 || maxReplicas < 1) {
            throw new IllegalArgumentException("log capacities, the log file size and max replicas must be positive");
        }
    }

    /** 60 s shell grace, restarts after 1 s doubling to 30 s, 50,000 lines in memory, 10 MiB log files. */
    public static RuntimeSettings defaults() {
        return new RuntimeSettings(
                Duration.ofSeconds(60),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                50_000,
                10_000,
                10L * 1024 * 1024,
                Duration.ofSeconds(3),
                100,
                ReplicaDefaults.STANDARD);
    }

    public RuntimeSettings withShellGrace(Duration grace) {
        return new RuntimeSettings(
                grace,
                restartBackoffInitial,
                restartBackoffMax,
                logRingCapacity,
                eventRingCapacity,
                logFileMaxBytes,
                stopTimeout,
                maxReplicas,
                replicaDefaults);
    }

    public RuntimeSettings withRestartBackoff(Duration initial, Duration max) {
        return new RuntimeSettings(
                shellGrace,
                initial,
                max,
                logRingCapacity,
                eventRingCapacity,
                logFileMaxBytes,
                stopTimeout,
                maxReplicas,
                replicaDefaults);
    }

    public RuntimeSettings withLogLimits(int ringCapacity, long fileMaxBytes) {
        return new RuntimeSettings(
                shellGrace,
                restartBackoffInitial,
                restartBackoffMax,
                ringCapacity,
                eventRingCapacity,
                fileMaxBytes,
                stopTimeout,
                maxReplicas,
                replicaDefaults);
    }

    public RuntimeSettings withCapacity(int replicas, ReplicaDefaults defaults) {
        return new RuntimeSettings(
                shellGrace,
                restartBackoffInitial,
                restartBackoffMax,
                logRingCapacity,
                eventRingCapacity,
                logFileMaxBytes,
                stopTimeout,
                replicas,
                defaults);
    }
}
