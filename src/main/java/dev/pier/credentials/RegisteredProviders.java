package dev.pier.credentials;

/** Which providers tokens may be asked for; the provider registry answers, without credentials depending on it. */
public interface RegisteredProviders {

    boolean isRegistered(String providerAddress);
}
