package dev.pier.providerapp.gateway;

/** A request's token was refused: {@code error} is tokenExpired, tokenInvalid (401) or forbidden (403). */
class TokenRejectedException extends RuntimeException {

    final int status;
    final String error;

    TokenRejectedException(int status, String error, String message) {
        super(message);
        this.status = status;
        this.error = error;
    }

    static TokenRejectedException invalid(String message) {
        return new TokenRejectedException(401, "tokenInvalid", message);
    }

    static TokenRejectedException expired(String message) {
        return new TokenRejectedException(401, "tokenExpired", message);
    }

    static TokenRejectedException forbidden(String message) {
        return new TokenRejectedException(403, "forbidden", message);
    }
}
