package dev.pier.credentials;

import dev.pier.alert.AlertKind;
import dev.pier.alert.Alerts;
import dev.pier.audit.AuditAction;
import dev.pier.audit.AuditLog;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Tells the rest of the console what happens to provider credentials: a new token is published as
 * {@link ProviderTokenIssued}; a generation that failed after every retry is audited and raises an alert, once per
 * failure (a change notice that repeats the same error records nothing new).
 */
@Component
class CredentialAlerts {

    private static final Logger log = LoggerFactory.getLogger(CredentialAlerts.class);

    private final Map<CredentialKey, Instant> raised = new ConcurrentHashMap<>();

    CredentialAlerts(ProviderCredentials credentials, Alerts alerts, AuditLog audit, ApplicationEventPublisher events) {
        credentials.addChangeListener(key -> credentials
                .error(key)
                .ifPresentOrElse(
                        error -> {
                            if (!error.at().equals(raised.put(key, error.at()))) {
                                recordExhaustion(audit, key, error.message());
                                alerts.raise(
                                        AlertKind.TOKEN_GENERATION_EXHAUSTED,
                                        key.accountId(),
                                        key.providerAddress(),
                                        "exhausted",
                                        error.message());
                            }
                        },
                        () -> {
                            raised.remove(key);
                            events.publishEvent(new ProviderTokenIssued(key.accountId(), key.providerAddress()));
                        }));
    }

    /** The alert is what an administrator acts on; the audit row is the history, so its failure only logs. */
    private static void recordExhaustion(AuditLog audit, CredentialKey key, String message) {
        try {
            audit.record(
                    AuditAction.TOKEN_GENERATION_EXHAUSTED,
                    "account " + key.accountId() + " at " + key.providerAddress(),
                    message);
        } catch (RuntimeException e) {
            log.warn("Could not audit the failed token generation for {}", key, e);
        }
    }
}
