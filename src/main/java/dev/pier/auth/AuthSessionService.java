package dev.pier.auth;

import dev.pier.audit.AuditAction;
import dev.pier.audit.AuditLog;
import dev.pier.base.InvalidInputException;
import dev.pier.user.UserAccessChanged;
import dev.pier.user.UserService;
import dev.pier.user.UserSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Persistent login sessions for browsers (remember-me cookie) and scripts (bearer token). Tokens are random, stored
 * hashed, slide their idle expiry on use at most once per interval, and always end at the absolute lifetime.
 */
@Service
@Transactional
public class AuthSessionService {

    static final String TOKEN_PREFIX = "pier_";

    /** HTTP session attribute holding the id of the persistent session the browser signed in with. */
    public static final String HTTP_SESSION_ATTRIBUTE = "pier.authSessionId";

    private final AuthSessionRepository sessions;
    private final UserService users;
    private final ApplicationEventPublisher events;
    private final AuditLog audit;
    private final AuthProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Counter slides;

    AuthSessionService(
            AuthSessionRepository sessions,
            UserService users,
            ApplicationEventPublisher events,
            AuthProperties properties,
            Clock clock,
            MeterRegistry meters,
            AuditLog audit) {
        this.audit = audit;
        this.sessions = sessions;
        this.users = users;
        this.events = events;
        this.properties = properties;
        this.clock = clock;
        this.slides = Counter.builder("pier.auth.session.slides")
                .description("Writes that moved a persistent session's idle expiry forward")
                .register(meters);
    }

    public IssuedSession issue(long userId, SessionKind kind, String device) {
        Instant now = now();
        Instant absolute = now.plus(properties.sessionAbsoluteLifetime());
        Instant idle = min(now.plus(properties.sessionIdleTimeout()), absolute);
        String token = newToken();
        AuthSession saved =
                sessions.save(new AuthSession(hash(token), userId, kind, truncate(device), now, idle, absolute));
        return new IssuedSession(saved.getId(), token, idle, absolute);
    }

    /**
     * The session a token belongs to, if it is still usable and its user still enabled. Slides the idle expiry when the
     * last slide is older than the slide interval.
     */
    public Optional<ActiveSession> authenticate(String token) {
        if (token == null || !token.startsWith(TOKEN_PREFIX)) {
            return Optional.empty();
        }
        String hash = hash(token);
        Instant now = now();
        Optional<AuthSession> found = sessions.findByTokenHash(hash).filter(s -> s.isUsableAt(now));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        AuthSession session = found.get();
        Optional<UserSummary> user = users.find(session.getUserId()).filter(UserSummary::enabled);
        if (user.isEmpty()) {
            return Optional.empty();
        }
        Instant expiresAt = session.getExpiresAt();
        if (!session.getLastUsedAt().isAfter(now.minus(properties.sessionSlideInterval()))) {
            Instant idle = now.plus(properties.sessionIdleTimeout());
            if (slide(hash, now) > 0) {
                expiresAt = min(idle, session.getAbsoluteExpiresAt());
            }
        }
        return Optional.of(new ActiveSession(
                session.getId(),
                session.getUserId(),
                user.get().username(),
                expiresAt,
                session.getAbsoluteExpiresAt()));
    }

    /** The single atomic slide statement; package-private so tests can call it on any token hash. */
    int slide(String tokenHash, Instant now) {
        int updated = sessions.slide(
                tokenHash,
                now,
                now.plus(properties.sessionIdleTimeout()),
                now.minus(properties.sessionSlideInterval()));
        slides.increment(updated);
        return updated;
    }

    @Transactional(readOnly = true)
    public List<SessionSummary> sessionsOf(long userId) {
        return sessions.findByUserIdAndRevokedFalseAndExpiresAtAfterOrderByLastUsedAtDesc(userId, now()).stream()
                .filter(s -> s.isUsableAt(now()))
                .map(s -> new SessionSummary(
                        s.getId(),
                        s.getKind(),
                        DeviceDescription.readable(s.getClientInfo()),
                        s.getCreatedAt(),
                        s.getLastUsedAt(),
                        s.getExpiresAt(),
                        s.getAbsoluteExpiresAt()))
                .toList();
    }

    /** Revokes one of the user's own sessions and ends any browser signed in with it. */
    public void revoke(long userId, long sessionId) {
        AuthSession session = sessions.findById(sessionId)
                .filter(s -> s.getUserId() == userId)
                .orElseThrow(
                        () -> new InvalidInputException("session", "You have no session with id " + sessionId + "."));
        session.revoke();
        events.publishEvent(new BrowsersToSignOut(null, sessionId, "login"));
    }

    /**
     * Revokes every live session of the user but the one asking ({@code keptSessionId}): other browsers stop at once,
     * other API tokens on their next request. Like revoking one's own session, it is not an administrator action, so it
     * is not audited.
     *
     * @return how many sessions were revoked
     */
    public int revokeAllOthers(long userId, long keptSessionId) {
        Instant now = now();
        // The sessions "My sessions" lists, so the count asked about is the count revoked.
        List<AuthSession> others =
                sessions.findByUserIdAndRevokedFalseAndExpiresAtAfterOrderByLastUsedAtDesc(userId, now).stream()
                        .filter(s -> s.isUsableAt(now) && s.getId() != keptSessionId)
                        .toList();
        others.forEach(AuthSession::revoke);
        others.forEach(s -> events.publishEvent(new BrowsersToSignOut(null, s.getId(), "login")));
        return others.size();
    }

    /** An administrator revokes any user's session; their browser signed in with it stops at once. */
    @PreAuthorize("hasRole('ADMIN')")
    public void revokeAsAdministrator(long userId, long sessionId, String username) {
        revoke(userId, sessionId);
        audit.record(AuditAction.SESSION_REVOKED, "user " + username, "session " + sessionId);
    }

    /** An administrator signs a user out everywhere: every persistent session and API token stops at once. */
    @PreAuthorize("hasRole('ADMIN')")
    public void revokeAllAsAdministrator(long userId, String username) {
        sessions.revokeAllOf(userId);
        events.publishEvent(new BrowsersToSignOut(username, null, "login"));
        audit.record(AuditAction.SESSION_REVOKED, "user " + username, "every session");
    }

    /** Revokes the session a token belongs to (logout); unknown tokens are ignored. */
    public void revokeToken(String token) {
        if (token != null) {
            sessions.findByTokenHash(hash(token)).ifPresent(AuthSession::revoke);
        }
    }

    @EventListener
    void onUserAccessChanged(UserAccessChanged change) {
        if (change.reason() == UserAccessChanged.Reason.ROLE_CHANGED) {
            // The persistent session stays valid; the browser signs in again with it and picks up the new role.
            events.publishEvent(new BrowsersToSignOut(change.username(), null, ""));
            return;
        }
        sessions.revokeAllOf(change.userId());
        events.publishEvent(new BrowsersToSignOut(change.username(), null, "login"));
    }

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Microseconds, the precision the database keeps, so what is written compares equal to what is read. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static String truncate(String device) {
        String value = device == null || device.isBlank() ? "unknown device" : device;
        return value.length() > 255 ? value.substring(0, 255) : value;
    }
}
