package dev.pier.providerapp.runtime;

import dev.pier.manifest.ServiceSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * How the {@link LocalRuntime} runs a replica: in an OCI container ({@link PodmanEngine}) or as a plain host process
 * ({@link ProcessEngine}). The runtime supervises (restarts, logs, events, shells); the engine starts, stops and cleans
 * up.
 */
interface WorkloadEngine extends AutoCloseable {

    IsolationMode isolation();

    EngineInfo info();

    /**
     * Refuses a service this engine cannot run, before anything of the manifest starts.
     *
     * @throws IllegalArgumentException naming the service and what to change
     */
    default void check(ServiceSpec spec) {}

    /** Removes what an earlier run of this provider left behind: containers, networks, volumes. */
    void removeLeftovers();

    /**
     * Decides where a replica runs and prepares what lasts across its restarts (published ports, scratch volume).
     *
     * @throws IllegalArgumentException when the engine cannot run this service (the message says why)
     */
    Placement place(LeaseId lease, ServiceSpec spec, int index, Placement.Limits limits);

    /**
     * Gets the replica's image ready (pulled if the policy allows), reporting progress lines.
     *
     * @throws IllegalStateException when it cannot be had; the message names the image and what to check
     */
    void prepare(Placement placement, Consumer<String> progress);

    /** Starts one run of the replica; its stdout and stderr are the replica's log, its exit code the run's. */
    Process start(Placement placement) throws IOException;

    /** Whether the run started by {@link #start} is up at the engine (a container is created and started). */
    default boolean running(Placement placement) {
        return true;
    }

    /**
     * After a run ended by itself: a reason beyond the exit code (e.g. out of memory, or a program the image does not
     * have), or null; cleans the run up. {@code lastError} is the run's last stderr line, or null.
     */
    String ended(Placement placement, int exitCode, String lastError);

    /** Ends the replica's current run, waiting at most {@code timeout} before killing it. */
    void stop(Placement placement, Process process, Duration timeout);

    /** Frees what {@link #place} prepared; the replica is stopped. */
    void release(Placement placement);

    /** Removes what the lease had beyond its replicas (its network, work directories); its replicas are released. */
    void closeLease(LeaseId lease);

    /**
     * A process running {@code program} inside the replica (a shell, or {@code cat} for a file read), as a process
     * builder whose environment the caller may add to; {@code marker} ends up in its environment inside the replica.
     */
    ProcessBuilder exec(Placement placement, List<String> program, boolean tty, String marker);

    /** The program a shell runs when the caller names none. */
    List<String> defaultShell();

    @Override
    void close();
}
