package dev.pier.credentials;

import dev.pier.alert.AlertKind;
import dev.pier.alert.Alerts;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Raises an alert when Pier has tried every retry to create a provider token for an account and failed: once per
 * failure (a change notice that repeats the same error raises nothing new).
 */
@Component
class CredentialAlerts {

    private final Map<CredentialKey, Instant> raised = new ConcurrentHashMap<>();

    CredentialAlerts(ProviderCredentials credentials, Alerts alerts) {
        credentials.addChangeListener(key -> credentials
                .error(key)
                .ifPresentOrElse(
                        error -> {
                            if (!error.at().equals(raised.put(key, error.at()))) {
                                alerts.raise(
                                        AlertKind.TOKEN_GENERATION_EXHAUSTED,
                                        key.accountId(),
                                        key.providerAddress(),
                                        "exhausted",
                                        error.message());
                            }
                        },
                        () -> raised.remove(key)));
    }
}
