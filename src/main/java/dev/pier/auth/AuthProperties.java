package dev.pier.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Login and session settings.
 *
 * @param sessionIdleTimeout a persistent session ends after this long without use
 * @param sessionAbsoluteLifetime a persistent session ends this long after login, however often it is used
 * @param sessionSlideInterval the idle expiry is moved forward at most once per interval, so reads stay reads
 * @param rememberMeCookie name of the browser cookie that carries the session token
 * @param loginThrottle how repeated failed logins are slowed down
 */
@ConfigurationProperties("pier.auth")
public record AuthProperties(
        @DefaultValue("30d") Duration sessionIdleTimeout,
        @DefaultValue("90d") Duration sessionAbsoluteLifetime,
        @DefaultValue("1h") Duration sessionSlideInterval,
        @DefaultValue("PIER_SESSION") String rememberMeCookie,
        @DefaultValue LoginThrottle loginThrottle) {

    /**
     * @param freeFailures failures for one username before a wait is imposed
     * @param freeFailuresPerAddress failures from one client address (any username) before a wait is imposed; higher,
     *     because many people may share one address behind NAT
     * @param baseDelay the first wait; each further failure doubles it
     * @param maxDelay the longest wait
     */
    public record LoginThrottle(
            @DefaultValue("5") int freeFailures,
            @DefaultValue("20") int freeFailuresPerAddress,
            @DefaultValue("5s") Duration baseDelay,
            @DefaultValue("15m") Duration maxDelay) {}
}
