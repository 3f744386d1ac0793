package dev.pier.credentials;

/** Creates and signs a new provider token; may fail (key unreadable, signer down) and is then retried. */
interface TokenMinter {

    ProviderToken mint(CredentialKey key);
}
