package dev.pier.provider.client;

/**
 * A provider answered a call with an error status. {@code code} is the provider's own error code ("tokenExpired",
 * "noLease", …) when its body had one.
 */
public class ProviderCallException extends RuntimeException {

    private final int status;
    private final String code;
    private final String hostUri;

    public ProviderCallException(int status, String code, String message, String hostUri) {
        super(message);
        this.status = status;
        this.code = code;
        this.hostUri = hostUri;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String hostUri() {
        return hostUri;
    }
}
