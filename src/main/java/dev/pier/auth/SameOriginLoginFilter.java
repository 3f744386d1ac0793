package dev.pier.auth;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Login CSRF: the login form's POST must come from a page of this console. Browsers send {@code Origin} with every form
 * POST (and {@code Referer} otherwise); a page on another origin that posts an attacker's credentials to log a victim
 * into the attacker's account is refused with 403. Scripts log in through /api/v1/auth/login instead.
 */
class SameOriginLoginFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !("POST".equals(request.getMethod())
                && (request.getContextPath() + "/login").equals(request.getRequestURI()));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String origin = request.getHeader("Origin");
        String referer = request.getHeader("Referer");
        String source = origin != null && !origin.equals("null") ? origin : referer;
        if (source == null || !sameOrigin(source, request)) {
            // Written here, not with sendError: the error page would be the login view, answered with a redirect.
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("text/plain;charset=UTF-8");
            response.getWriter().write("Log in from this console's own login page.");
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean sameOrigin(String source, HttpServletRequest request) {
        try {
            URI uri = URI.create(source);
            int port = uri.getPort() != -1 ? uri.getPort() : ("https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80);
            return request.getScheme().equalsIgnoreCase(uri.getScheme())
                    && request.getServerName().equalsIgnoreCase(uri.getHost())
                    && request.getServerPort() == port;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
