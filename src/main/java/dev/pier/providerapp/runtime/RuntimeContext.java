package dev.pier.providerapp.runtime;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What replicas and shells of every lease share.
 *
 * @param io runs the blocking work: output pumps, exit waits, image pulls and starts; one thread each while busy
 */
record RuntimeContext(
        Clock clock,
        RuntimeSettings settings,
        WorkloadEngine engine,
        ScheduledExecutorService scheduler,
        ExecutorService io) {

    static final int MAX_LINE_BYTES = 16 * 1024;
}
