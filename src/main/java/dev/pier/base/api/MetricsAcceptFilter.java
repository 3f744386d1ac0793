package dev.pier.base.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The metrics are Prometheus text. Asked for anything else (Accept: application/json), the actuator answers 406 through
 * the servlet error page, which is the UI's and came back as an HTML page with status 200; this answers the 406 itself,
 * as JSON that says what to send.
 */
public class MetricsAcceptFilter extends OncePerRequestFilter {

    private final ApiErrorWriter errors;

    public MetricsAcceptFilter(ApiErrorWriter errors) {
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/actuator/prometheus");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String accept = request.getHeader("Accept");
        if (accept == null
                || accept.isBlank()
                || accept.contains("text/plain")
                || accept.contains("openmetrics")
                || accept.contains("*/*")
                || accept.contains("text/*")) {
            chain.doFilter(request, response);
            return;
        }
        errors.write(
                response,
                HttpServletResponse.SC_NOT_ACCEPTABLE,
                new ApiError(
                        "notAcceptable",
                        "The metrics are Prometheus text, not " + accept + ".",
                        "Send Accept: text/plain (or application/openmetrics-text), or no Accept header."));
    }
}
