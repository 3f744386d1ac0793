package dev.pier.user;

/**
 * Published when a user's access is reduced (disabled, password reset, role changed), so that the login-session feature
 * ends the sessions at once without this feature depending on it.
 */
public record UserAccessChanged(long userId, String username, Reason reason) {

    public enum Reason {
        DISABLED,
        PASSWORD_RESET,
        ROLE_CHANGED
    }
}
