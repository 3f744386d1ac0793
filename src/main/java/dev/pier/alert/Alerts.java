package dev.pier.alert;

import dev.pier.audit.AuditAction;
import dev.pier.audit.AuditLog;
import dev.pier.base.InvalidInputException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Problems that need an administrator. Each is stored once per fingerprint (kind + account + provider + status): the
 * first time it is logged at ERROR and audited, every time it is counted (metric {@code pier.alerts.raised}), and a
 * repeat only counts up, so one failing provider cannot flood the log.
 */
@Service
public class Alerts {

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private final AlertRepository alerts;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;
    private final MeterRegistry meters;
    private final AtomicLong unacknowledged = new AtomicLong();
    private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

    Alerts(
            AlertRepository alerts,
            AuditLog audit,
            Clock clock,
            PlatformTransactionManager transactions,
            MeterRegistry meters) {
        this.alerts = alerts;
        this.audit = audit;
        this.clock = clock;
        this.meters = meters;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        Gauge.builder("pier.alerts.unacknowledged", unacknowledged, AtomicLong::get)
                .description("Alerts no administrator has acknowledged yet")
                .register(meters);
    }

    /** Raises (or counts again) the alert with this fingerprint; returns it as stored. */
    public AlertSummary raise(
            AlertKind kind, @Nullable Long accountId, @Nullable String provider, String status, String message) {
        String fingerprint = kind + "|" + (accountId == null ? "-" : accountId) + "|"
                + (provider == null ? "-" : provider) + "|" + status;
        Counter.builder("pier.alerts.raised")
                .tag("kind", kind.name())
                .register(meters)
                .increment();
        // One writer per fingerprint in this process; the unique index guards the rest.
        synchronized (locks.computeIfAbsent(fingerprint, f -> new Object())) {
            AlertSummary stored = ownTransaction.execute(status1 -> {
                var existing = alerts.findByFingerprint(fingerprint);
                if (existing.isPresent()) {
                    existing.get().recur(cut(message), clock.instant());
                    return existing.get().summary();
                }
                AlertSummary created = alerts.save(new Alert(
                                fingerprint, kind, accountId, provider, cut(status, 60), cut(message), clock.instant()))
                        .summary();
                audit.record(AuditAction.ALERT_RAISED, kind + " " + (provider == null ? "" : provider), cut(message));
                log.error("Alert {} (account {}, provider {}, {}): {}", kind, accountId, provider, status, message);
                return created;
            });
            unacknowledged.set(alerts.countByAcknowledgedAtIsNull());
            return stored;
        }
    }

    @PreAuthorize("hasRole('ADMIN')")
    public List<AlertSummary> list() {
        return alerts.findAllByOrderByLastSeenDesc().stream()
                .map(Alert::summary)
                .toList();
    }

    /** How many alerts wait for an administrator (for the admin menu's badge). */
    public long unacknowledgedCount() {
        long count = alerts.countByAcknowledgedAtIsNull();
        unacknowledged.set(count);
        return count;
    }

    @PreAuthorize("hasRole('ADMIN')")
    public AlertSummary acknowledge(long id) {
        String by = SecurityContextHolder.getContext().getAuthentication().getName();
        AlertSummary done = ownTransaction.execute(status -> {
            Alert alert = alerts.findById(id)
                    .orElseThrow(() -> new InvalidInputException("id", "There is no alert " + id + "."));
            alert.acknowledge(by, clock.instant());
            return alert.summary();
        });
        unacknowledged.set(alerts.countByAcknowledgedAtIsNull());
        return done;
    }

    private static String cut(String text) {
        return cut(text, 1000);
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
