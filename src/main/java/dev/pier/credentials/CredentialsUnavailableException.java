package dev.pier.credentials;

/** Thrown to callers when every attempt to obtain a provider token failed; the message says what to do. */
public class CredentialsUnavailableException extends RuntimeException {

    private final CredentialError error;

    public CredentialsUnavailableException(CredentialError error, Throwable cause) {
        super(error.message(), cause);
        this.error = error;
    }

    public CredentialError error() {
        return error;
    }
}
