package dev.pier.account;

import com.nimbusds.jose.jwk.ECKey;

/** A public key in the registry providers read: which account address it speaks for, and which user owns it. */
public record PublishedKey(String address, long userId, ECKey publicJwk) {}
