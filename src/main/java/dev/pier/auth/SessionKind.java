package dev.pier.auth;

/** Where a persistent session lives: a browser's remember-me cookie or a script's bearer token. */
public enum SessionKind {
    BROWSER,
    API
}
