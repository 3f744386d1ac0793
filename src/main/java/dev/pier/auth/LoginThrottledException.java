package dev.pier.auth;

import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** Login refused without checking the password because of too many recent failures. */
public class LoginThrottledException extends AuthenticationException {

    private final Duration retryAfter;

    LoginThrottledException(Duration retryAfter) {
        super("Too many failed logins; try again in " + seconds(retryAfter) + " seconds.");
        this.retryAfter = retryAfter;
    }

    public long retryAfterSeconds() {
        return seconds(retryAfter);
    }

    private static long seconds(Duration d) {
        // Round up so "try again in N seconds" is never too early.
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
