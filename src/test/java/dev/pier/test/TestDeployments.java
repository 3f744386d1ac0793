package dev.pier.test;

import dev.pier.account.AccountService;
import dev.pier.deployment.DeploymentService;
import dev.pier.deployment.DeploymentSummary;
import dev.pier.user.UserSummary;
import org.springframework.stereotype.Component;

/** Deployments made the way a user makes them, on the embedded provider, for tests that need one to exist. */
@Component
public class TestDeployments {

    /** One service that does nothing for a long time. */
    public static final String IDLE =
            "version: \"1\"\nservices:\n  app:\n    command: [\"sh\", \"-c\", \"sleep 100000\"]\n";

    private final DeploymentService deployments;
    private final AccountService accounts;
    private final ProviderTestSupport provider;

    TestDeployments(DeploymentService deployments, AccountService accounts, ProviderTestSupport provider) {
        this.deployments = deployments;
        this.accounts = accounts;
        this.provider = provider;
    }

    /** An idle deployment of {@code user}'s default account. */
    public DeploymentSummary idle(UserSummary user, String name) {
        return deployments.create(
                user.id(),
                user.username(),
                accounts.defaultAccountOf(user.id()).id(),
                provider.provider().address(),
                name,
                IDLE,
                step -> {});
    }
}
