package dev.pier.account;

/**
 * Published, in the retiring transaction, before an account is retired; a listener that must keep it (it still has
 * active deployments) throws {@link dev.pier.base.InvalidInputException} saying what to do first, and nothing changes.
 */
public record AccountRetiring(long accountId, String name) {}
