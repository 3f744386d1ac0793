package dev.pier.providerapp.runtime;

import dev.pier.manifest.Manifest;
import dev.pier.shared.LeaseEvent;
import dev.pier.shared.LogLine;
import dev.pier.shared.ServiceStatus;
import java.io.InputStream;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Runs the services of leases. The provider gateway is its only caller. */
public interface WorkloadRuntime {

    IsolationMode isolation();

    /** What runs the workloads (podman and its version, or plain processes). */
    EngineInfo engine();

    /** Starts the manifest's services for the lease, or replaces the running ones in a rolling way. */
    void apply(LeaseId lease, Manifest manifest);

    /**
     * Stops every process of the lease (shells included), waits until none is left, and removes everything the lease
     * had: containers, network, volumes, work directories. Its logs stay readable.
     */
    void stop(LeaseId lease);

    /**
     * Restarts a service's replicas ({@code replica} null) or one replica: a new one starts before the old one stops,
     * as in a rolling update, with the manifest unchanged.
     *
     * @throws IllegalArgumentException when the lease has no such service or replica
     */
    void restart(LeaseId lease, String service, @Nullable Integer replica);

    List<ServiceStatus> status(LeaseId lease);

    SequencedLog<LogLine> logs(LeaseId lease);

    SequencedLog<LeaseEvent> events(LeaseId lease);

    /**
     * The shell session {@code sessionId} of the lease, attached again if it is still alive, otherwise started: the
     * {@code command} (default: an interactive shell) in the working directory of the replica.
     *
     * @throws IllegalArgumentException when the lease has no such service or replica
     */
    ShellSession shell(LeaseId lease, String service, int replica, String sessionId, List<String> command);

    /**
     * A file as a shell of the replica sees it (a relative path starts in its working directory), read in the same
     * isolation as that shell, so nothing outside what the workload may read can be had. The caller closes it.
     *
     * @throws IllegalArgumentException when there is no such service or replica, or the file cannot be read (the
     *     message says why, e.g. no such file, a directory, permission denied)
     */
    InputStream readFile(LeaseId lease, String service, int replica, String path);
}
