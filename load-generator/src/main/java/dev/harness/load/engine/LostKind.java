package dev.harness.load.engine;

/**
 * Why the requests outstanding on a connection were lost with it. The summary counts each kind on its own
 * ({@code requests.lost_by_kind}); every lost request is also an error of kind
 * {@link ErrorKind#CONNECTION_CLOSED}. A request that timed out is counted as a timeout, never as lost.
 */
public enum LostKind {
    /** The peer closed the connection (end of stream) with requests outstanding. */
    CLOSED("closed"),
    /** A read or a write failed: the connection was reset. */
    RESET("reset"),
    /**
     * An answer carried {@code Connection: close}: the requests sent behind it on that connection are never
     * answered.
     */
    CONNECTION_CLOSE("connection_close"),
    /** The connection's bytes could not be framed, so it was closed. */
    PROTOCOL("protocol");

    private final String jsonName;

    LostKind(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
