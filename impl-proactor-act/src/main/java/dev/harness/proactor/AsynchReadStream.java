package dev.harness.proactor;

import dev.harness.transport.Channel;
import dev.harness.transport.Key;
import java.nio.ByteBuffer;

/**
 * Initiates asynchronous reads on one connection (the initiator's factory of the seed): {@link #read}
 * returns at once, and the {@link Proactor} calls {@link Handler#handleReadStream} later, on its thread,
 * with an {@link AsynchResult} carrying the bytes read and the act.
 *
 * <p>A read may name its buffer, or pass null to have the proactor lend one from its pool at the moment
 * bytes arrive (like io_uring's provided buffers): a connection waiting for a request then holds no
 * buffer at all, and returns the lent one with {@link Proactor#releaseBuffer} once it holds no partial
 * request. At most one read is outstanding per stream. Costs: no allocation per read.
 */
public final class AsynchReadStream {

    private final Registration registration;

    private AsynchReadStream(Registration registration) {
        this.registration = registration;
    }

    /** A read stream for {@code channel} (non-blocking) on {@code proactor}; call on its loop thread. */
    public static AsynchReadStream open(Proactor proactor, Channel channel) {
        return new AsynchReadStream(proactor.registration(channel));
    }

    /**
     * Initiates a read into {@code buffer} (from its position; it must have room), or into a pooled buffer
     * when {@code buffer} is null. Completes with the bytes read, -1 at end of stream, or the error.
     *
     * @throws IllegalStateException when a read is already outstanding on this stream
     */
    public void read(ByteBuffer buffer, Handler handler, Object act) {
        if (registration.readOutstanding()) {
            throw new IllegalStateException("a read is already outstanding on " + registration.endpoint());
        }
        if (buffer != null && !buffer.hasRemaining()) {
            throw new IllegalArgumentException("the read buffer has no room");
        }
        AsynchResult result = registration.readResult();
        result.reset(handler, act);
        result.buffer = buffer;
        registration.readPending = true;
        registration.addInterest(Key.OP_READ);
    }

    /** Whether a read is outstanding: initiated, or completed and its completion not yet dispatched. */
    public boolean pending() {
        return registration.readOutstanding();
    }
}
