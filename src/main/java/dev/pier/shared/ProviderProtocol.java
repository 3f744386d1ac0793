package dev.pier.shared;

/** The provider's wire protocol as both sides speak it: shell frame codes, close codes and stream frames. */
public final class ProviderProtocol {

    /** Shell frames (as Akash): the first byte says what the rest is. */
    public static final byte STDOUT = 100;

    public static final byte STDERR = 101;
    /** {@code {"exit_code": n}}: the program ended. */
    public static final byte RESULT = 102;
    /** The shell could not be opened; the rest is the reason. */
    public static final byte FAILURE = 103;

    public static final byte STDIN = 104;
    /** Width and height, each a big-endian uint16. */
    public static final byte RESIZE = 105;

    /** Close code of every stream of a lease that was closed: it ends for good, no reconnect brings it back. */
    public static final int LEASE_CLOSED = 4410;

    /** Sent, then close 1008, when a stream's token expires: the client reconnects with a fresh one. */
    public static final String EXPIRED_FRAME = "{\"type\":\"websocket\",\"error\":\"tokenExpired\"}";
    /** Sent, then close 1008, when the console withdrew the stream's key (a disabled user, a retired account). */
    public static final String WITHDRAWN_FRAME = "{\"type\":\"websocket\",\"error\":\"tokenInvalid\"}";

    private ProviderProtocol() {}
}
