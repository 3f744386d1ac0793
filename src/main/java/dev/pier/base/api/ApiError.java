package dev.pier.base.api;

/** Every API failure: a stable machine code, what happened, and the next step a person or an agent can take. */
public record ApiError(String error, String message, String action) {}
