package dev.pier.admin;

import dev.pier.account.AccountSummary;
import dev.pier.auth.SessionSummary;
import dev.pier.deployment.UserDeployments;
import dev.pier.user.UserSummary;
import java.util.List;

/** One user as an administrator sees them: their accounts, live sessions and deployments. */
public record UserDetails(
        UserSummary user, List<AccountSummary> accounts, List<SessionSummary> sessions, UserDeployments deployments) {}
