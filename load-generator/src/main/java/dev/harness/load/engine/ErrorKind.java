package dev.harness.load.engine;

/** What went wrong with an answer or a connection; the summary counts each kind on its own. */
public enum ErrorKind {
    /** An ACT answer whose act was never issued on that connection. */
    UNKNOWN_ACT("unknown_act"),
    /** An ACT answer for a request that is no longer outstanding (already answered, or timed out). */
    STALE_ACT("stale_act"),
    /** An answer whose payload or body size is not what the request asks for. */
    WRONG_SIZE("wrong_size"),
    /** A stream (SUBSCRIBE) with a different number of frames or chunks than asked for. */
    WRONG_FRAMES("wrong_frames"),
    /** An ACT answer whose op is not the request's op. */
    WRONG_OP("wrong_op"),
    /** An ACT answer with status ERROR. */
    ERROR_STATUS("error_status"),
    /**
     * An ERROR frame under act 0, which no request carries: the server speaks for the whole connection (a
     * header it cannot trust, a header timeout, over its connection limit) and closes it.
     */
    CONNECTION_ERROR("connection_error"),
    /** An HTTP answer whose status is not 200. */
    HTTP_STATUS("http_status"),
    /** An HTTP answer with no request outstanding. */
    UNEXPECTED_RESPONSE("unexpected_response"),
    /** Bytes that cannot be framed (a bad frame header, a malformed HTTP response): the connection is closed. */
    PROTOCOL("protocol"),
    /** A request lost because its connection was closed by the peer or reset. */
    CONNECTION_CLOSED("connection_closed");

    private final String jsonName;

    ErrorKind(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
