package dev.harness.transport;

import java.nio.channels.SelectionKey;

/** A registration of a {@link Selectable} with a {@link Poller}, as a {@link SelectionKey} is. */
public interface Key {

    int OP_READ = SelectionKey.OP_READ;
    int OP_WRITE = SelectionKey.OP_WRITE;
    int OP_CONNECT = SelectionKey.OP_CONNECT;
    int OP_ACCEPT = SelectionKey.OP_ACCEPT;

    Selectable selectable();

    /** The registered {@link Channel}; fails for a listener's key. */
    default Channel channel() {
        return (Channel) selectable();
    }

    /** The registered {@link Listener}; fails for a channel's key. */
    default Listener listener() {
        return (Listener) selectable();
    }

    Object attachment();

    int interestOps();

    /** Replaces the interest set; poller thread only. */
    void interestOps(int ops);

    /** The operations found ready by the select round in progress. */
    int readyOps();

    boolean isValid();

    /** Ends the registration; the endpoint stays open. */
    void cancel();
}
