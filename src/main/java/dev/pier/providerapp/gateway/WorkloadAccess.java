package dev.pier.providerapp.gateway;

import dev.pier.providerapp.runtime.IsolationMode;
import dev.pier.providerapp.runtime.WorkloadRuntime;
import org.springframework.stereotype.Component;

/**
 * Who may run workloads here. With containers, every account; with plain host processes (no podman) only
 * administrators, whose keys the console's registry marks, since such a workload can read everything the provider can;
 * with {@code require-isolation}, nobody.
 */
@Component
class WorkloadAccess {

    static final String INSTALL = "Ask the provider's operator to install podman (apt-get install podman runc) so "
            + "that workloads run in containers.";

    private final WorkloadRuntime runtime;
    private final ProviderProperties properties;

    WorkloadAccess(WorkloadRuntime runtime, ProviderProperties properties) {
        this.runtime = runtime;
        this.properties = properties;
    }

    /** Refuses (403 isolationRequired) a caller who may not run workloads on this provider. */
    void check(TokenVerifier.Caller caller) {
        if (runtime.isolation() != IsolationMode.NONE) {
            return;
        }
        if (properties.requireIsolation()) {
            throw new TokenRejectedException(
                    403,
                    "isolationRequired",
                    "This provider requires isolation, but it has "
                            + "no working container engine, so it runs no workloads. " + INSTALL);
        }
        if (!caller.administrator()) {
            throw new TokenRejectedException(
                    403,
                    "isolationRequired",
                    "This provider runs workloads as plain host "
                            + "processes without isolation, which only administrators may use. " + INSTALL);
        }
    }
}
