package dev.pier.providerapp.runtime;

/**
 * How workloads are fenced off from the provider: OCI containers (their own user, network, PID and mount namespaces,
 * limits), or nothing — plain host processes, an explicit single-user mode that is reported loudly.
 */
public enum IsolationMode {
    CONTAINER,
    NONE
}
