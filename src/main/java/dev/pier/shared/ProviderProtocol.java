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

    /*
     * Make-before-break rotation of a shell connection (Pier's own, not Akash's): the client opens its next connection
     * with ?client=<id>&beside=true while the first still runs; the provider answers WAITING on it; the client sends
     * HAND_OVER on the first after its last keystroke; the provider moves the output to the second and answers
     * HANDED_OVER on the first after its last output. The client then types on the second and closes the first.
     */

    /** Provider to client, on the connection opened beside: it waits to take over. */
    public static final byte WAITING = 106;
    /** Client to provider, on the connection being replaced: move the output to the one waiting beside it. */
    public static final byte HAND_OVER = 107;
    /** Provider to client, on the replaced connection: no more output comes here. */
    public static final byte HANDED_OVER = 108;

    /** Close code of every stream of a lease that was closed: it ends for good, no reconnect brings it back. */
    public static final int LEASE_CLOSED = 4410;

    /** Sent, then close 1008, when a stream's token expires: the client reconnects with a fresh one. */
    public static final String EXPIRED_FRAME = "{\"type\":\"websocket\",\"error\":\"tokenExpired\"}";
    /** Sent, then close 1008, when the console withdrew the stream's key (a disabled user, a retired account). */
    public static final String WITHDRAWN_FRAME = "{\"type\":\"websocket\",\"error\":\"tokenInvalid\"}";

    private ProviderProtocol() {}
}
