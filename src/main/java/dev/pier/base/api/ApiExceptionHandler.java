package dev.pier.base.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.pier.base.InvalidInputException;
import dev.pier.base.UnavailableException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Turns every exception a REST controller throws into an {@link ApiError}; no stack trace ever leaves. */
@RestControllerAdvice(annotations = RestController.class)
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ApiError> handle(ApiException e) {
        return ResponseEntity.status(e.status()).body(e.body());
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<ApiError> handle(InvalidInputException e) {
        return badRequest(
                e.field() + ": " + e.getMessage(), "Correct the field '" + e.field() + "' and send the request again.");
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ApiError> handle(MethodArgumentNotValidException e) {
        var first = e.getBindingResult().getFieldErrors().stream().findFirst();
        String field = first.map(f -> f.getField()).orElse("body");
        String message = first.map(f -> f.getDefaultMessage()).orElse("is invalid");
        return badRequest(field + ": " + message, "Correct the field '" + field + "' and send the request again.");
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> handle(HttpMessageNotReadableException e) {
        if (e.getCause() instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().get(mismatch.getPath().size() - 1).getFieldName();
            return badRequest(field + ": has the wrong type", "Send '" + field + "' as the type the API documents.");
        }
        if (e.getCause() instanceof JsonProcessingException json && json.getLocation() != null) {
            var at = json.getLocation();
            return badRequest(
                    "The body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ").",
                    "Fix the JSON at that position and send the request again.");
        }
        return badRequest(
                "The request body is missing or not JSON.", "Send a JSON body with Content-Type: application/json.");
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> handle(MethodArgumentTypeMismatchException e) {
        String type = e.getRequiredType() == null
                ? "value"
                : switch (e.getRequiredType().getSimpleName()) {
                    case "long", "Long", "int", "Integer" -> "whole number in range";
                    default -> e.getRequiredType().getSimpleName();
                };
        return badRequest(
                e.getName() + ": '" + e.getValue() + "' is not a " + type + ".",
                "Correct '" + e.getName() + "' and send the request again.");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ApiError> handle(MissingServletRequestParameterException e) {
        return badRequest(e.getParameterName() + ": is missing.", "Add the parameter '" + e.getParameterName() + "'.");
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ApiError> handle(HttpMediaTypeNotAcceptableException e) {
        return ResponseEntity.status(HttpStatus.NOT_ACCEPTABLE)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new ApiError(
                        "notAcceptable",
                        "This route cannot answer in the type the Accept header asks for.",
                        "Send Accept: application/json (or omit it)."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> handle(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .body(new ApiError(
                        "methodNotAllowed",
                        e.getMethod() + " is not supported here.",
                        "Use one of: " + String.join(", ", String.valueOf(e.getSupportedHttpMethods()))));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> handle(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .body(new ApiError(
                        "unsupportedMediaType",
                        "The body must be JSON.",
                        "Send the header Content-Type: application/json."));
    }

    @ExceptionHandler(UnavailableException.class)
    ResponseEntity<ApiError> handle(UnavailableException e) {
        log.warn("Refused a request: {}", e.getMessage(), e.getCause());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(new ApiError(e.code(), e.getMessage(), e.action()));
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ApiError> handle(AccessDeniedException e) {
        return ResponseEntity.status(HttpStatus.FORBIDDEN)
                .body(new ApiError(
                        "forbidden",
                        "Your role does not allow this request; it needs the ADMIN role.",
                        "Ask an administrator to change your role in Admin → Users, or use an "
                                + "administrator's session."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ApiError> handle(Exception e) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("API request failed (reference {})", reference, e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(new ApiError(
                        "internalError",
                        "Pier failed to handle the request (reference " + reference + ").",
                        "Retry shortly; if it keeps failing, give the reference to your administrator."));
    }

    private static ResponseEntity<ApiError> badRequest(String message, String action) {
        return ResponseEntity.badRequest().body(new ApiError("invalidInput", message, action));
    }
}
