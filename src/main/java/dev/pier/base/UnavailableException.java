package dev.pier.base;

/**
 * Something Pier needs to do the action is not available right now (the action did not happen); {@link #action()} says
 * what to do next. The API answers 503 with both.
 */
public class UnavailableException extends RuntimeException {

    private final String code;
    private final String action;

    public UnavailableException(String code, String message, String action, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.action = action;
    }

    public String code() {
        return code;
    }

    public String action() {
        return action;
    }
}
