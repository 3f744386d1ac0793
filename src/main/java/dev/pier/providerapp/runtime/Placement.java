package dev.pier.providerapp.runtime;

import dev.pier.manifest.ServiceSpec;
import dev.pier.shared.ServiceStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where one replica runs, decided once before its first start and kept across its restarts.
 *
 * @param name the replica's name at the engine (the container's name)
 * @param spec the service as applied
 * @param resources the replica's limits, the provider's defaults filled in
 * @param ports exposed ports and where they are published
 * @param env the variables the replica gets besides the manifest's own (SERVICE, REPLICA, PORT_…)
 * @param workDir for plain processes, their working directory; for containers, the scratch volume's mount
 * @param marker inherited by every process of the replica on the host, so strays are found when it stops
 */
record Placement(
        LeaseId lease,
        String service,
        int index,
        String name,
        ServiceSpec spec,
        Limits resources,
        List<ServiceStatus.ForwardedPort> ports,
        Map<String, String> env,
        Path workDir,
        String marker) {

    /** Resources of one replica with every value set. */
    record Limits(long cpuMillis, long memoryBytes, long storageBytes, int pids) {}
}
