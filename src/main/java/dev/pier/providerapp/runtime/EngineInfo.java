package dev.pier.providerapp.runtime;

/**
 * What runs the workloads, as {@code /status} reports it.
 *
 * @param name {@code podman}, or {@code process} for plain host processes
 * @param version the engine's version; empty for plain processes
 * @param runtime the OCI runtime under the engine (e.g. runc); empty for plain processes
 */
public record EngineInfo(String name, String version, String runtime) {}
