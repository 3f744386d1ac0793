package dev.pier.test;

import dev.pier.user.UserService;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Replaces the application clock with one the tests move. It starts at the real time so browsers accept cookies. */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    /**
     * Builds the workload image before the embedded provider serves a request; without podman the provider runs plain
     * processes, which only administrators may use, so test accounts are then made for administrators.
     */
    @Bean
    Boolean containersAvailable() {
        return TestImages.containersAvailable();
    }

    /** Whether the first administrator existed when the web server opened its port (the login race). */
    public static final AtomicReference<Boolean> ADMIN_BEFORE_PORT = new AtomicReference<>();

    @Bean
    ApplicationListener<WebServerInitializedEvent> adminBeforePort(UserService users) {
        return event -> {
            if (event.getApplicationContext().getServerNamespace() == null) {
                ADMIN_BEFORE_PORT.compareAndSet(
                        null, users.credentials(PierIntegrationTest.ADMIN).isPresent());
            }
        };
    }

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}
