package dev.pier.provider;

/**
 * Published, in the removing transaction, before a provider is removed; a listener that must keep it (deployments on it
 * are active) throws {@link dev.pier.base.InvalidInputException} saying what to do first, and nothing changes.
 */
public record ProviderRemoving(String address, String name) {}
