package dev.pier.base.api;

import org.springframework.http.HttpStatus;

/** A failure an API controller reports as it is: status plus the {@link ApiError} body. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final ApiError body;

    public ApiException(HttpStatus status, String error, String message, String action) {
        super(message);
        this.status = status;
        this.body = new ApiError(error, message, action);
    }

    public HttpStatus status() {
        return status;
    }

    public ApiError body() {
        return body;
    }
}
