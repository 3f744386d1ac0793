package dev.pier.base;

/**
 * Input rejected at the edge. It names the field (or line and column) so the person can fix it; nothing was changed
 * when it is thrown.
 */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The name of the rejected field, as the form or the API body spells it. */
    public String field() {
        return field;
    }
}
