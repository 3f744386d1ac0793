package dev.pier.credentials;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

/** A ProviderCredentials over test doubles, with the production retry settings (4 attempts, 0.5 s doubling). */
final class TestCredentials {

    static final CredentialsProperties PROPERTIES = new CredentialsProperties(
            Duration.ofMinutes(30),
            Duration.ofSeconds(60),
            Duration.ofSeconds(60),
            100,
            new CredentialsProperties.Retry(4, Duration.ofMillis(500), 2.0, Duration.ofSeconds(5)));

    private TestCredentials() {}

    static ProviderCredentials over(
            FakeMinter minter, Clock clock, VirtualBackoffScheduler scheduler, Executor executor) {
        return new ProviderCredentials(
                minter,
                new InMemoryTokenStore(),
                new CaffeineTokenCache(100, Duration.ofMinutes(30)),
                clock,
                PROPERTIES,
                new SimpleMeterRegistry(),
                scheduler,
                executor);
    }
}
