package dev.pier.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates API requests with "Authorization: Bearer &lt;session token&gt;". A token that does not work gets a 401
 * at once, rather than being treated as anonymous, so scripts learn their session ended. Not a bean: Spring Boot would
 * otherwise register it for every request, not just the API chain.
 */
class BearerSessionFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final AuthSessionService sessions;
    private final PierUserDetailsService users;
    private final ApiAuthErrors errors;

    BearerSessionFilter(AuthSessionService sessions, PierUserDetailsService users, ApiAuthErrors errors) {
        this.sessions = sessions;
        this.users = users;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        if (!header.regionMatches(true, 0, PREFIX, 0, PREFIX.length()) || header.length() > 512) {
            errors.malformedHeader(request, response);
            return;
        }
        var active = sessions.authenticate(header.substring(PREFIX.length()).trim());
        if (active.isEmpty()) {
            errors.sessionExpired(request, response);
            return;
        }
        PierPrincipal principal = users.loadById(active.get().userId());
        var authentication =
                UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
        authentication.setDetails(active.get());
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        chain.doFilter(request, response);
    }
}
