package dev.pier.audit;

import dev.pier.base.UnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who did what to what, and when. An event is written in the transaction of the action it records: if it cannot be
 * written, the action fails with {@link UnavailableException} and nothing of it stays.
 */
@Service
public class AuditLog implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final AuditRepository events;
    private final AuditProperties properties;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final ThreadPoolTaskScheduler purger = new ThreadPoolTaskScheduler();

    AuditLog(AuditRepository events, AuditProperties properties, Clock clock, TransactionTemplate transactions) {
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.transactions = transactions;
        purger.setPoolSize(1);
        purger.setThreadNamePrefix("audit-retention-");
        purger.initialize();
        purger.scheduleWithFixedDelay(this::purgeQuietly, Duration.ofHours(1));
    }

    /** Records an event by the signed-in person (or "system"), in the caller's transaction if there is one. */
    @Transactional
    public void record(AuditAction action, String target, String detail) {
        String actor = actor();
        try {
            events.saveAndFlush(new AuditEvent(clock.instant(), actor, action, cut(target, 200), cut(detail, 1000)));
        } catch (DataAccessException e) {
            throw new UnavailableException(
                    "auditUnavailable",
                    "The audit log could not record " + action + " of " + target + ", so it was not done.",
                    "Try again in a moment; if it keeps failing, an administrator should check the database.",
                    e);
        }
    }

    /** Newest first; {@code actor} and {@code action} filter when given, {@code since} bounds the time. */
    @PreAuthorize("hasRole('ADMIN')")
    @Transactional(readOnly = true)
    public Slice<AuditEntry> search(
            @Nullable String actor, @Nullable AuditAction action, @Nullable Instant since, Pageable page) {
        String who = actor == null || actor.isBlank() ? null : actor.trim();
        return events.search(who, action, since == null ? Instant.EPOCH : since, page)
                .map(AuditEvent::entry);
    }

    /** Deletes the events older than {@code pier.audit.retention}; returns how many. */
    public int purge() {
        Instant before = clock.instant().minus(properties.retention());
        Integer deleted = transactions.execute(status -> events.deleteOlderThan(before));
        return deleted == null ? 0 : deleted;
    }

    private void purgeQuietly() {
        try {
            int deleted = purge();
            if (deleted > 0) {
                log.info("Deleted {} audit events older than {}", deleted, properties.retention());
            }
        } catch (RuntimeException e) {
            log.warn("Could not delete old audit events; trying again in an hour", e);
        }
    }

    private static String actor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated() ? "system" : authentication.getName();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    @Override
    public void destroy() {
        purger.shutdown();
    }
}
