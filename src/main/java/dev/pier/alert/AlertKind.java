package dev.pier.alert;

/** What kind of problem an alert is. */
public enum AlertKind {
    /** Pier tried every retry to create a provider token for an account and failed. */
    TOKEN_GENERATION_EXHAUSTED,
    /** A provider refuses an account's fresh credentials (401/403 after a refresh). */
    CREDENTIALS_REFUSED
}
