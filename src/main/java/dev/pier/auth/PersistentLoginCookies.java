package dev.pier.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.security.authentication.RememberMeAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.RememberMeServices;
import org.springframework.security.web.authentication.logout.LogoutHandler;
import org.springframework.stereotype.Component;

/**
 * The browser side of persistent sessions: every successful form login issues a session token in an HttpOnly cookie, a
 * request without an HTTP session signs in again with it (sliding its expiry), and logout revokes it.
 */
@Component
class PersistentLoginCookies implements RememberMeServices, LogoutHandler {

    private final AuthSessionService sessions;
    private final PierUserDetailsService users;
    private final AuthProperties properties;
    // Only this instance creates the tokens Spring Security checks this key on, so a random one suffices.
    private final String key = UUID.randomUUID().toString();

    PersistentLoginCookies(AuthSessionService sessions, PierUserDetailsService users, AuthProperties properties) {
        this.sessions = sessions;
        this.users = users;
        this.properties = properties;
    }

    String key() {
        return key;
    }

    @Override
    public Authentication autoLogin(HttpServletRequest request, HttpServletResponse response) {
        String token = token(request);
        if (token == null) {
            return null;
        }
        var active = sessions.authenticate(token);
        if (active.isEmpty()) {
            clear(request, response);
            return null;
        }
        PierPrincipal principal = users.loadById(active.get().userId());
        request.getSession()
                .setAttribute(
                        AuthSessionService.HTTP_SESSION_ATTRIBUTE, active.get().sessionId());
        return new RememberMeAuthenticationToken(key, principal, principal.getAuthorities());
    }

    @Override
    public void loginFail(HttpServletRequest request, HttpServletResponse response) {
        clear(request, response);
    }

    @Override
    public void loginSuccess(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        if (!(authentication.getPrincipal() instanceof PierPrincipal principal)) {
            return;
        }
        IssuedSession issued = sessions.issue(principal.userId(), SessionKind.BROWSER, DeviceDescription.of(request));
        Cookie cookie = cookie(request, issued.token());
        cookie.setMaxAge((int) properties.sessionAbsoluteLifetime().toSeconds());
        response.addCookie(cookie);
        request.getSession().setAttribute(AuthSessionService.HTTP_SESSION_ATTRIBUTE, issued.id());
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response, Authentication authentication) {
        sessions.revokeToken(token(request));
        clear(request, response);
    }

    private String token(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        return Arrays.stream(cookies)
                .filter(c -> properties.rememberMeCookie().equals(c.getName()))
                .map(Cookie::getValue)
                .filter(v -> !v.isBlank())
                .findFirst()
                .orElse(null);
    }

    private void clear(HttpServletRequest request, HttpServletResponse response) {
        Cookie cookie = cookie(request, "");
        cookie.setMaxAge(0);
        response.addCookie(cookie);
    }

    private Cookie cookie(HttpServletRequest request, String value) {
        Cookie cookie = new Cookie(properties.rememberMeCookie(), value);
        cookie.setHttpOnly(true);
        cookie.setSecure(request.isSecure());
        cookie.setPath(request.getContextPath().isEmpty() ? "/" : request.getContextPath());
        cookie.setAttribute("SameSite", "Lax");
        return cookie;
    }
}
