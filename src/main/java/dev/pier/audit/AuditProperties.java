package dev.pier.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long the audit log keeps its events.
 *
 * @param retention events older than this are deleted (checked hourly)
 */
@ConfigurationProperties("pier.audit")
public record AuditProperties(@DefaultValue("90d") Duration retention) {

    public AuditProperties {
        if (retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("pier.audit.retention must be positive, not " + retention);
        }
    }
}
