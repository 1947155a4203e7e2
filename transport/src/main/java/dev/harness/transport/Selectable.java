package dev.harness.transport;

import java.io.Closeable;
import java.io.IOException;

/** What a {@link Poller} can watch: a {@link Listener} or a {@link Channel}. */
public sealed interface Selectable extends Closeable permits Listener, Channel {

    /** Switches between blocking mode (the default) and non-blocking mode, which registration needs. */
    void configureBlocking(boolean block) throws IOException;

    boolean isOpen();

    /**
     * Registers this non-blocking endpoint with {@code poller} for {@code ops} ({@link Key#OP_READ} and so
     * on), or updates the registration it already has there.
     */
    Key register(Poller poller, int ops, Object attachment) throws IOException;

    /** Its registration with {@code poller}, or null. */
    Key keyFor(Poller poller);
}
