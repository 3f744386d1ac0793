package dev.pier.providerapp.runtime;

/** A manifest that would take the provider past its capacity (replicas of all leases together). */
public class ProviderFullException extends RuntimeException {

    public ProviderFullException(String message) {
        super(message);
    }
}
