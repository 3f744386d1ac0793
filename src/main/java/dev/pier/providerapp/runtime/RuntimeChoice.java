package dev.pier.providerapp.runtime;

/**
 * What runs the workloads: podman containers where podman works ({@code auto}, else plain processes), podman only,
 * plain processes, or a Kubernetes cluster.
 */
public enum RuntimeChoice {
    AUTO,
    PODMAN,
    PROCESS,
    KUBERNETES
}
