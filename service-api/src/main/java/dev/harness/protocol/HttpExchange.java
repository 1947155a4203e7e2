package dev.harness.protocol;

/**
 * One HTTP request taken by the codec and the state of its answer: how the answer is framed, whether it has
 * begun, whether it is complete, and the bytes it wrote while an earlier answer was still owed.
 *
 * <p>Mutable and recycled: {@link HttpExchanges} hands out the same instances again through {@link #reset},
 * so a connection allocates an exchange only when more requests are outstanding than ever before, and a
 * {@link #held} buffer only the first time an answer completes out of order.
 */
final class HttpExchange {

    /** How an answer's body is framed. */
    enum Body {
        /** {@code text/plain} with Content-Length: the {@code hello} of a GET echo. */
        TEXT,
        /** {@code application/octet-stream} with Content-Length. */
        OCTETS,
        /** A stream of events: chunked over HTTP/1.1, delimited by the close over HTTP/1.0. */
        CHUNKED
    }

    /** The connection's sequence number of the request: the act of its {@link dev.harness.service.Request}. */
    long seq;
    Body body;
    boolean headMethod;
    boolean http10;
    /** The connection closes once this answer is written. */
    boolean close;
    /** The request's {@code X-ACT} value, returned unchanged; null when it had none. */
    byte[] xAct;
    /** The status line of a stream is written: an error can no longer be answered with a status. */
    boolean started;
    /** The answer is complete; it may still wait in {@link #held} for those before it. */
    boolean done;
    /** The answer's bytes while an earlier answer is still owed; null until first needed. */
    OutBuffer held;

    void reset(long newSeq) {
        seq = newSeq;
        body = Body.OCTETS;
        headMethod = false;
        http10 = false;
        close = false;
        xAct = null;
        started = false;
        done = false;
        if (held != null) {
            held.clear();
        }
    }
}
