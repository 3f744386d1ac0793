package dev.pier.account;

/**
 * A stored private key could not be decrypted: the master key is not the one it was encrypted with, or the stored bytes
 * were changed. Its own type so start-up and the UI can say exactly that instead of a generic crypto error.
 */
public class MasterKeyMismatchException extends IllegalStateException {

    private final String associatedData;

    public MasterKeyMismatchException(String associatedData, String message, Throwable cause) {
        super(message, cause);
        this.associatedData = associatedData;
    }

    /** What the blob belonged to (e.g. the account address), as passed to {@link MasterKey#decrypt}. */
    public String associatedData() {
        return associatedData;
    }
}
