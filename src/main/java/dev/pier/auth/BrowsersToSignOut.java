package dev.pier.auth;

/**
 * Browsers whose sign-in has ended: every browser of {@code username}, or those signed in with the persistent session
 * {@code authSessionId}. Their open tabs are sent to {@code location} (relative to the context root).
 */
public record BrowsersToSignOut(String username, Long authSessionId, String location) {}
