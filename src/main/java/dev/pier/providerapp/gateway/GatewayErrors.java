package dev.pier.providerapp.gateway;

import dev.pier.manifest.InvalidManifestException;
import dev.pier.providerapp.runtime.ProviderFullException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** The provider's error shape: {"error": code, "message": text}, as an Akash provider answers. */
@RestControllerAdvice
class GatewayErrors {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrors.class);

    @ExceptionHandler(TokenRejectedException.class)
    ResponseEntity<Map<String, Object>> rejected(TokenRejectedException e) {
        return ResponseEntity.status(e.status).body(body(e.error, e.getMessage()));
    }

    @ExceptionHandler(LeaseController.NoLeaseException.class)
    ResponseEntity<Map<String, Object>> noLease(LeaseController.NoLeaseException e) {
        return ResponseEntity.status(404).body(body("noLease", e.getMessage()));
    }

    @ExceptionHandler(LeaseController.LeaseExistsException.class)
    ResponseEntity<Map<String, Object>> exists(LeaseController.LeaseExistsException e) {
        return ResponseEntity.status(409).body(body("leaseExists", e.getMessage()));
    }

    @ExceptionHandler(LeaseController.NoManifestException.class)
    ResponseEntity<Map<String, Object>> noManifest(LeaseController.NoManifestException e) {
        return ResponseEntity.status(404).body(body("noManifest", e.getMessage()));
    }

    @ExceptionHandler(InvalidManifestException.class)
    ResponseEntity<Map<String, Object>> invalidManifest(InvalidManifestException e) {
        Map<String, Object> body = body("invalidManifest", e.getMessage());
        body.put("errors", e.errors());
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(ProviderFullException.class)
    ResponseEntity<Map<String, Object>> full(ProviderFullException e) {
        return ResponseEntity.status(409).body(body("providerFull", e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> mismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest()
                .body(body("badRequest", e.getName() + ": '" + e.getValue() + "' is not a whole number in range."));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Map<String, Object>> missing(MissingServletRequestParameterException e) {
        return ResponseEntity.badRequest().body(body("badRequest", e.getParameterName() + ": is missing."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Map<String, Object>> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(405).body(body("methodNotAllowed", e.getMethod() + " is not supported here."));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<Map<String, Object>> notFound(NoResourceFoundException e) {
        return ResponseEntity.status(404)
                .body(body("notFound", "No such route on this provider: /" + e.getResourcePath()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(body("badRequest", e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Map<String, Object>> failure(Exception e) {
        log.error("Provider request failed", e);
        return ResponseEntity.status(500)
                .body(body("internalError", "The provider failed to handle the request: " + e.getMessage()));
    }

    static Map<String, Object> body(String error, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("message", message);
        return body;
    }
}
