package dev.pier.auth;

import dev.pier.base.api.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.time.Instant;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Login for scripts and agents: exchange a username and password for a sliding session token. */
@RestController
@RequestMapping("/api/v1")
class AuthApiController {

    record LoginRequest(
            @NotBlank(message = "is required") String username,
            @NotBlank(message = "is required") String password) {}

    record LoginResponse(String token, Instant expiresAt, Instant absoluteExpiresAt) {}

    record Me(long id, String username, String role, CurrentSession session) {}

    record CurrentSession(long id, Instant expiresAt, Instant absoluteExpiresAt) {}

    record Revoked(int revoked) {}

    private final AuthenticationManager authentication;
    private final AuthSessionService sessions;

    AuthApiController(AuthenticationManager authentication, AuthSessionService sessions) {
        this.authentication = authentication;
        this.sessions = sessions;
    }

    @PostMapping("/auth/login")
    ResponseEntity<LoginResponse> login(@Valid @RequestBody LoginRequest body, HttpServletRequest request) {
        var attempt = UsernamePasswordAuthenticationToken.unauthenticated(body.username(), body.password());
        attempt.setDetails(new WebAuthenticationDetails(request));
        Authentication result;
        try {
            result = authentication.authenticate(attempt);
        } catch (LoginThrottledException e) {
            throw new ApiException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "loginThrottled",
                    e.getMessage(),
                    "Wait " + e.retryAfterSeconds() + " seconds, then log in again with the right password.");
        } catch (DisabledException e) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "accountDisabled",
                    "This user is disabled.",
                    "Ask an administrator to enable the user in Admin → Users.");
        } catch (BadCredentialsException e) {
            throw new ApiException(
                    HttpStatus.UNAUTHORIZED,
                    "invalidCredentials",
                    "The username or password is wrong.",
                    "Check both and try again; after 5 failures Pier makes you wait before the next try.");
        }
        PierPrincipal principal = (PierPrincipal) result.getPrincipal();
        IssuedSession issued = sessions.issue(principal.userId(), SessionKind.API, DeviceDescription.of(request));
        return ResponseEntity.ok(new LoginResponse(issued.token(), issued.expiresAt(), issued.absoluteExpiresAt()));
    }

    @GetMapping("/me")
    Me me(Authentication auth) {
        PierPrincipal principal = (PierPrincipal) auth.getPrincipal();
        ActiveSession session = (ActiveSession) auth.getDetails();
        return new Me(
                principal.userId(),
                principal.getUsername(),
                principal.role().name(),
                new CurrentSession(session.sessionId(), session.expiresAt(), session.absoluteExpiresAt()));
    }

    @GetMapping("/auth/sessions")
    List<SessionSummary> mySessions(Authentication auth) {
        return sessions.sessionsOf(((PierPrincipal) auth.getPrincipal()).userId());
    }

    /** Every other session of the token's user ends; the token used for this request stays. */
    @DeleteMapping("/auth/sessions/others")
    Revoked revokeOthers(Authentication auth) {
        ActiveSession session = (ActiveSession) auth.getDetails();
        return new Revoked(sessions.revokeAllOthers(session.userId(), session.sessionId()));
    }

    @DeleteMapping("/auth/session")
    ResponseEntity<Void> logout(Authentication auth) {
        ActiveSession session = (ActiveSession) auth.getDetails();
        sessions.revoke(session.userId(), session.sessionId());
        return ResponseEntity.noContent().build();
    }
}
