package dev.harness.transport;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;

/**
 * What a mem {@link Listener} and a mem {@link Channel} share: open or closed, blocking mode or not, and at most
 * one registration, with a {@link MemPoller}, which the endpoint tells when it becomes ready.
 */
abstract class MemEndpoint {

    volatile boolean open = true;
    private volatile boolean blocking = true;
    private volatile MemKey key;

    /** The operations a poller would report ready now, whatever the interest. */
    abstract int readyOps();

    public void configureBlocking(boolean block) {
        if (!block && !open) {
            return;
        }
        MemKey current = key;
        if (block && current != null && current.isValid()) {
            throw new IllegalBlockingModeException();
        }
        blocking = block;
    }

    boolean isBlocking() {
        return blocking;
    }

    public boolean isOpen() {
        return open;
    }

    public Key register(Poller poller, int ops, Object attachment) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (blocking) {
            throw new IllegalBlockingModeException();
        }
        MemKey registered = ((MemPoller) poller).keyFor(key, (Selectable) this, attachment);
        key = registered;
        registered.interestOps(ops);
        return registered;
    }

    public Key keyFor(Poller poller) {
        return MemPoller.validFor(key, poller);
    }

    /** This endpoint became ready for {@code op}: tells the poller when the key is interested. */
    void signal(int op) {
        MemKey current = key;
        if (current != null) {
            current.signal(op);
        }
    }

    /** Ends the registration, if any: part of closing. */
    void cancelKey() {
        MemKey current = key;
        if (current != null) {
            current.cancel();
        }
    }
}
