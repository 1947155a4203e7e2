package dev.harness.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ByteChannel;

/**
 * One end of a connection, as a {@link java.nio.channels.SocketChannel} is: in blocking mode a read waits
 * for bytes and a write for room; in non-blocking mode both return at once and readiness comes from a
 * {@link Poller}. {@link #read} returns -1 at end of stream.
 */
public non-sealed interface Channel extends Selectable, ByteChannel {

    /** Binds the local end before {@link #connect} (a source address); tcp only, the mem transport ignores it. */
    void bind(InetSocketAddress local) throws IOException;

    /**
     * Connects: in blocking mode returns true once established; in non-blocking mode may return false, and
     * {@link Key#OP_CONNECT} readiness then calls for {@link #finishConnect}.
     */
    boolean connect(InetSocketAddress remote) throws IOException;

    boolean finishConnect() throws IOException;

    /**
     * Blocking mode: waits until a read would not block (bytes, end of stream, or input shut down) without
     * holding any buffer while it waits. The tcp transport cannot wait without reading, so there it returns
     * at once and the read that follows waits instead.
     */
    void awaitReadable() throws IOException;

    /** Ends this side's input: a blocked read or {@link #awaitReadable} returns, later reads return -1. */
    void shutdownInput() throws IOException;

    /** Ends this side's output: the peer reads end of stream once it has read what was written. */
    void shutdownOutput() throws IOException;

    /**
     * Closes abortively, dropping what was not sent: over tcp the peer sees a reset (RST, as with
     * {@code SO_LINGER} 0) instead of an orderly end of stream, and the connection skips {@code TIME_WAIT}.
     * A transport without resets closes: the mem transport's peer reads end of stream.
     */
    default void reset() throws IOException {
        close();
    }

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();
}
