package dev.pier.base.api;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers unknown /api paths with JSON. Without it they would fall through to the Vaadin servlet and come back as an
 * HTML page, which scripts cannot read.
 */
@RestController
class ApiNotFoundController {

    @RequestMapping({"/api/**", "/actuator/**"})
    ApiError notFound(HttpServletRequest request) {
        throw new ApiException(
                HttpStatus.NOT_FOUND,
                "notFound",
                "There is no API route " + request.getMethod() + " " + request.getRequestURI() + ".",
                "Check the path against the API table in README.md (routes start with /api/v1/ or /actuator/).");
    }
}
