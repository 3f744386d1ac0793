package dev.pier.deployment;

import dev.pier.provider.client.ProviderErrors;

/** What went wrong reaching a deployment's provider, and what to do next, in words people read. */
public final class ProviderProblem {

    private ProviderProblem() {}

    /** @param provider the provider's address, or the host when no provider is registered under it */
    public static String text(Throwable failure, String provider) {
        return ProviderErrors.classify(failure, provider).text();
    }
}
