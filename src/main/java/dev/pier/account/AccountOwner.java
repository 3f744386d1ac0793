package dev.pier.account;

/** Whose an account is: its user and its name. */
public record AccountOwner(long accountId, long userId, String name, String address) {}
