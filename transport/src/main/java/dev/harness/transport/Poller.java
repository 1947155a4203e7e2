package dev.harness.transport;

import java.io.Closeable;
import java.io.IOException;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The readiness demultiplexer of one event-loop thread, as a {@link java.nio.channels.Selector} is: its
 * owner registers non-blocking endpoints and calls {@link #select}, which waits until one of them is ready
 * for an operation it is interested in and hands each ready {@link Key} to the action. Readiness is
 * level-triggered: a key stays ready, round after round, while its condition and interest hold.
 *
 * <p>Only {@link #wakeup} and {@link #close} may be called from other threads.
 */
public interface Poller extends Closeable {

    /**
     * Waits until a key is ready, {@code timeoutMillis} pass (0: no limit) or {@link #wakeup}, then hands
     * every ready key to {@code action}.
     *
     * @return the keys handed over
     */
    int select(Consumer<Key> action, long timeoutMillis) throws IOException;

    /** {@link #select} without waiting. */
    int selectNow(Consumer<Key> action) throws IOException;

    /** Makes the current or next {@link #select} return at once. Any thread. */
    void wakeup();

    /** The registrations not yet cancelled. */
    Set<Key> keys();

    boolean isOpen();
}
