package dev.pier.test;

import dev.pier.PierApplication;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The one Spring context every integration, view and browser test shares (the same annotation everywhere, so the
 * context is built once): a real server on a random port, an in-memory H2 run through the real migrations, and a clock
 * the tests move.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = PierApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@AutoConfigureObservability
@Import({TestClockConfiguration.class, TestUsers.class, ProviderTestSupport.class, TestDeployments.class})
public @interface PierIntegrationTest {

    String ADMIN = "admin";
    String ADMIN_PASSWORD = "admin-password-for-tests";
}
