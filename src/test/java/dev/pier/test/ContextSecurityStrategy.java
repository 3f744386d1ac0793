package dev.pier.test;

import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestExecutionListener;

/**
 * Points Spring Security's static holder at the strategy of the context the test runs in. Each Pier context installs
 * its own (Vaadin's) strategy globally when it starts, so with two cached contexts (the default one and the one whose
 * provider runs on the mock cluster) the holder would otherwise keep the last one started, and the other context's
 * method security would never see an authentication a test sets.
 */
public class ContextSecurityStrategy implements TestExecutionListener {

    @Override
    public void beforeTestMethod(TestContext testContext) {
        if (!testContext.hasApplicationContext()) {
            return;
        }
        testContext
                .getApplicationContext()
                .getBeanProvider(SecurityContextHolderStrategy.class)
                .ifAvailable(SecurityContextHolder::setContextHolderStrategy);
    }
}
