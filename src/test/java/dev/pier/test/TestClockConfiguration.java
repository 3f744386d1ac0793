package dev.pier.test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the application clock with one the tests move. It starts at the real time so browsers accept cookies. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    /**
     * Builds the workload image before the embedded provider serves a request; without podman the provider runs
     * plain processes, which only administrators may use, so test accounts are then made for administrators.
     */
    @Bean
    Boolean containersAvailable() {
        return TestImages.containersAvailable();
    }

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
