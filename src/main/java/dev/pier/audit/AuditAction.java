package dev.pier.audit;

/** What an audit event records. */
public enum AuditAction {
    PROVIDER_REGISTERED,
    PROVIDER_CHANGED,
    PROVIDER_REMOVED,
    LEASE_CLOSED_BY_ADMIN,
    USER_CREATED,
    USER_ENABLED,
    USER_DISABLED,
    USER_PASSWORD_RESET,
    USER_ROLE_CHANGED,
    SESSION_REVOKED,
    KEY_ROTATED,
    ACCOUNT_RETIRED
}
