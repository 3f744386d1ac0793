package dev.pier.deployment;

/**
 * A provider as the new-deployment dialog offers it: {@code online} providers can be chosen; {@code isolated} is false
 * for one that runs workloads as plain host processes.
 */
public record ProviderChoice(String address, String name, boolean online, boolean isolated) {}
