package dev.pier.provider;

import dev.pier.base.PierProperties;
import dev.pier.provider.client.ProviderClient;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Part of readiness (/actuator/health/readiness): with the provider role, the console is ready only once its embedded
 * provider is started and answers /status over HTTP, as any client would reach it.
 */
@Component
class EmbeddedProviderHealthIndicator implements HealthIndicator {

    private final EmbeddedProvider embedded;
    private final PierProperties pier;
    private final ProviderClient client;

    EmbeddedProviderHealthIndicator(EmbeddedProvider embedded, PierProperties pier, ProviderClient client) {
        this.embedded = embedded;
        this.pier = pier;
        this.client = client;
    }

    @Override
    public Health health() {
        if (!pier.runs(PierProperties.Role.PROVIDER)) {
            return Health.up().withDetail("role", "console only").build();
        }
        String url = embedded.url();
        if (url == null) {
            return Health.outOfService()
                    .withDetail("reason", "the embedded provider is starting")
                    .build();
        }
        return client.status(url).isPresent()
                ? Health.up().build()
                : Health.down()
                        .withDetail("reason", "the embedded provider does not answer " + url + "/status")
                        .build();
    }
}
