package dev.pier.admin;

import dev.pier.account.AccountService;
import dev.pier.auth.AuthSessionService;
import dev.pier.base.InvalidInputException;
import dev.pier.deployment.DeploymentService;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** Administrators' view of one user: what they own and where they are signed in, and ending either. */
@Service
@PreAuthorize("hasRole('ADMIN')")
public class UserOverview {

    private final UserService users;
    private final AccountService accounts;
    private final AuthSessionService sessions;
    private final DeploymentService deployments;

    UserOverview(
            UserService users, AccountService accounts, AuthSessionService sessions, DeploymentService deployments) {
        this.users = users;
        this.accounts = accounts;
        this.sessions = sessions;
        this.deployments = deployments;
    }

    public UserDetails details(long userId) {
        UserSummary user = users.find(userId)
                .orElseThrow(() -> new InvalidInputException("user", "There is no user with id " + userId + "."));
        return new UserDetails(
                user, accounts.accountsOf(userId), sessions.sessionsOf(userId), deployments.deploymentsOf(userId));
    }

    /** Ends one of the user's sessions; the browser signed in with it stops at once. */
    public UserDetails revokeSession(UserSummary user, long sessionId) {
        sessions.revokeAsAdministrator(user.id(), sessionId, user.username());
        return details(user.id());
    }

    /** Ends every session and API token of the user. */
    public UserDetails revokeAllSessions(UserSummary user) {
        sessions.revokeAllAsAdministrator(user.id(), user.username());
        return details(user.id());
    }

    /** Closes one of the user's leases (a disabled user's leases are left for this), recorded in the audit log. */
    public UserDetails closeLease(long administratorId, UserSummary user, long dseq) {
        deployments.closeAsAdministrator(administratorId, dseq);
        return details(user.id());
    }
}
