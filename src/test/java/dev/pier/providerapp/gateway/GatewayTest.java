package dev.pier.providerapp.gateway;

import dev.pier.test.MutableClock;
import dev.pier.test.PierIntegrationTest;
import dev.pier.test.ProviderTestSupport;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Base of the provider tests. The provider runs on the real clock, so the console's test clock (which other tests move)
 * is set back to now before each test: tokens must be valid in the provider's time.
 */
@PierIntegrationTest
abstract class GatewayTest {

    @Autowired
    ProviderTestSupport provider;

    @Autowired
    MutableClock clock;

    @BeforeEach
    void realTime() {
        clock.set(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
