package dev.pier.auth;

import dev.pier.base.api.ApiError;
import dev.pier.base.api.ApiErrorWriter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

/** The API's answers when authentication is missing or insufficient, each with the exact next step. */
@Component
class ApiAuthErrors {

    private final ApiErrorWriter writer;

    ApiAuthErrors(ApiErrorWriter writer) {
        this.writer = writer;
    }

    AuthenticationEntryPoint entryPoint() {
        return (request, response, e) -> writer.write(
                response,
                401,
                new ApiError("unauthenticated", "This request needs a Pier session token.", loginAction(request)));
    }

    AccessDeniedHandler accessDenied() {
        return (request, response, e) -> {
            Authentication auth = SecurityContextHolder.getContext().getAuthentication();
            String who = auth == null ? "You are" : "You are signed in as '" + auth.getName() + "' and";
            writer.write(
                    response,
                    403,
                    new ApiError(
                            "forbidden",
                            who + " missing the ADMIN role that " + request.getMethod() + " " + request.getRequestURI()
                                    + " needs.",
                            "Ask an administrator to give you the ADMIN role in Admin → Users, or use an "
                                    + "administrator's token."));
        };
    }

    void sessionExpired(HttpServletRequest request, HttpServletResponse response) throws IOException {
        writer.write(
                response,
                401,
                new ApiError(
                        "sessionExpired",
                        "The session token has expired, was revoked, or its user was disabled.",
                        loginAction(request)));
    }

    void malformedHeader(HttpServletRequest request, HttpServletResponse response) throws IOException {
        writer.write(
                response,
                401,
                new ApiError(
                        "malformedAuthorization",
                        "The Authorization header must be 'Bearer <token>'.",
                        loginAction(request)));
    }

    static String loginAction(HttpServletRequest request) {
        String origin = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
                + request.getContextPath();
        return "Log in again: curl -X POST " + origin + "/api/v1/auth/login -H 'Content-Type: application/json' "
                + "-d '{\"username\":\"<username>\",\"password\":\"<password>\"}' and send the returned token as "
                + "'Authorization: Bearer <token>'.";
    }
}
