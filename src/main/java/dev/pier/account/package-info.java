/**
 * Accounts: the identities that own deployments and sign provider tokens: key pairs, addresses, keys encrypted at rest,
 * the public key registry.
 */
@NullMarked
package dev.pier.account;

import org.jspecify.annotations.NullMarked;
