package dev.harness.proactor;

import dev.harness.transport.Channel;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A completed asynchronous operation: what it did (bytes transferred, the buffer, an accepted channel),
 * whether it failed, and the Asynchronous Completion Token ({@link #act()}) that its initiator passed,
 * returned unchanged. {@link #complete()} is the proxy to the completion {@link Handler}: the
 * {@link Proactor} calls it and it calls the handler's method for this kind of operation.
 *
 * <p>Costs: no allocation per operation. A channel's registration makes one result per kind of operation,
 * on the first operation of that kind, and reuses it, so a result is valid during its callback only; at
 * most one operation of a kind is outstanding per stream. Confined to the proactor's thread.
 */
public sealed class AsynchResult permits Timer {

    /** What kind of operation completed; chooses the handler method. */
    public enum Kind { READ, WRITE, TIMER, ACCEPT, CONNECT }

    private final Kind kind;
    Handler handler;
    Object act;
    ByteBuffer buffer;
    long bytesTransferred;
    IOException error;
    Channel accepted;
    /** Whether the proactor borrowed {@link #buffer} from its pool for this read. */
    boolean borrowed;
    /**
     * Completed and waiting in the proactor's queue for its dispatch: its operation still counts as
     * outstanding, so that no handler dispatched before it in the same round initiates the operation again,
     * which would reset this result and lose what it carries.
     */
    boolean queued;

    AsynchResult(Kind kind) {
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The token its initiator passed, unchanged. */
    public Object act() {
        return act;
    }

    /** The handler this completion is dispatched to. */
    public Handler handler() {
        return handler;
    }

    /** Bytes read or written; -1 for a read at end of stream. */
    public long bytesTransferred() {
        return bytesTransferred;
    }

    /**
     * The buffer of a read, in write mode (its position is past the bytes read). When the read was
     * initiated without a buffer, the proactor lent one from its pool: give it back with
     * {@link Proactor#releaseBuffer} once it holds no bytes you still need.
     */
    public ByteBuffer buffer() {
        return buffer;
    }

    /**
     * Whether {@link #buffer()} was lent by the proactor's pool for this read (the read was initiated
     * without a buffer): then the handler owns it and must return it with {@link Proactor#releaseBuffer}.
     */
    public boolean bufferLent() {
        return borrowed;
    }

    /** The failure, or null when the operation succeeded. */
    public IOException error() {
        return error;
    }

    public boolean success() {
        return error == null;
    }

    /** With {@link Kind#ACCEPT}: the accepted channel, non-blocking and not yet registered. */
    public Channel accepted() {
        return accepted;
    }

    /** Dispatches this completion to its handler. */
    void complete() {
        Handler h = handler;
        switch (kind) {
            case READ -> h.handleReadStream(this);
            case WRITE -> h.handleWriteStream(this);
            case TIMER -> h.handleTimeout(this);
            case ACCEPT -> h.handleAccept(this);
            case CONNECT -> h.handleConnect(this);
        }
    }

    void reset(Handler newHandler, Object newAct) {
        handler = newHandler;
        act = newAct;
        buffer = null;
        bytesTransferred = 0;
        error = null;
        accepted = null;
        borrowed = false;
    }
}
