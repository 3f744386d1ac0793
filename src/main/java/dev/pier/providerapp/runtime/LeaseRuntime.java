package dev.pier.providerapp.runtime;

import dev.pier.manifest.Manifest;
import dev.pier.manifest.ServiceSpec;
import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LogLine;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/** Everything the local runtime holds for one lease: its services' replicas, shells, logs and events. */
final class LeaseRuntime {

    final LeaseId id;
    final RingLog<LogLine> logs;
    final RingLog<LeaseEvent> events;
    /** Serialises apply, stop and shell start-up of this lease; readers (status, logs) never take it. */
    final ReentrantLock lock = new ReentrantLock();

    final Map<String, ServiceGroup> services = new ConcurrentHashMap<>();
    final Map<String, SharedShell> shells = new ConcurrentHashMap<>();
    /** The manifest in force, for the order of services in status; null when nothing runs. */
    volatile Manifest manifest;

    private final LogFile logFile;
    private final Clock clock;

    LeaseRuntime(LeaseId id, Path logDir, RuntimeSettings settings, Clock clock) {
        this.id = id;
        this.clock = clock;
        List<LogLine> earlier = LogFile.readBack(logDir, settings.logRingCapacity());
        this.logFile = new LogFile(logDir, settings.logFileMaxBytes());
        this.logs = new RingLog<>(settings.logRingCapacity(), logFile::append);
        logs.restore(earlier, LogLine::seq);
        this.events = new RingLog<>(settings.eventRingCapacity());
    }

    void log(String service, int replica, String stream, String message) {
        logs.append(seq -> new LogLine(seq, clock.instant(), service, replica, stream, message));
    }

    void event(String service, int replica, String type, String message, Integer exitCode) {
        events.append(seq -> new LeaseEvent(seq, clock.instant(), service, replica, type, message, exitCode));
    }

    /** Replicas the lease runs now, for the provider's capacity. */
    int replicaCount() {
        return services.values().stream()
                .mapToInt(group -> group.replicas.size())
                .sum();
    }

    Path logFile() {
        return logFile.path();
    }

    void closeLogFile() {
        logFile.close();
    }

    /** One service of the lease: the spec in force and its replicas, index = replica number. */
    static final class ServiceGroup {

        volatile ServiceSpec spec;
        final List<Replica> replicas = new CopyOnWriteArrayList<>();
        final ServiceHealth health = new ServiceHealth();

        ServiceGroup(ServiceSpec spec) {
            this.spec = spec;
        }
    }
}
