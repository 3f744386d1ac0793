package dev.pier.audit;

import java.time.Instant;

/** An audit event as views and the API show it. */
public record AuditEntry(long id, Instant at, String actor, AuditAction action, String target, String detail) {}
