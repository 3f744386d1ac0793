package dev.pier.credentials;

import java.util.function.Supplier;

/**
 * Held around one token generation, so that no other console instance on the same database generates for the same
 * account and provider at the same time (within an instance the in-flight future already makes callers share one).
 */
@FunctionalInterface
interface GenerationLock {

    /** For a single instance: nothing else can generate, so there is nothing to hold. */
    GenerationLock IN_PROCESS = (key, generation) -> generation.get();

    ProviderToken holding(CredentialKey key, Supplier<ProviderToken> generation);
}
