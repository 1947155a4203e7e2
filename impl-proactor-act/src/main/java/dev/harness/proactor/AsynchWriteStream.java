package dev.harness.proactor;

import dev.harness.protocol.OutBuffer;
import dev.harness.transport.Channel;

/**
 * Initiates asynchronous writes on one connection: {@link #write} returns at once and the
 * {@link Proactor} calls {@link Handler#handleWriteStream} once everything pending in the
 * {@link OutBuffer} has been written (or the write failed), with an {@link AsynchResult} carrying the
 * bytes written and the act.
 *
 * <p>The write drains the connection's own {@code OutBuffer} straight to the channel, with no copy into
 * another queue. Answers encoded into that buffer while the write is outstanding (on the same loop
 * thread) join it, so many answers leave in one write. The first attempt is made at once: when the
 * channel takes everything, the completion is queued without touching the poller. At most one write
 * is outstanding per stream. Costs: no allocation per write.
 */
public final class AsynchWriteStream {

    private final Registration registration;

    private AsynchWriteStream(Registration registration) {
        this.registration = registration;
    }

    /** A write stream for {@code channel} (non-blocking) on {@code proactor}; call on its loop thread. */
    public static AsynchWriteStream open(Proactor proactor, Channel channel) {
        return new AsynchWriteStream(proactor.registration(channel));
    }

    /**
     * Initiates writing everything in {@code source}.
     *
     * @throws IllegalStateException when a write is already outstanding on this stream
     */
    public void write(OutBuffer source, Handler handler, Object act) {
        if (registration.writeOutstanding()) {
            throw new IllegalStateException("a write is already outstanding on " + registration.endpoint());
        }
        AsynchResult result = registration.writeResult();
        result.reset(handler, act);
        registration.writePending = true;
        registration.writeSource = source;
        registration.performWrite();
    }

    /** Whether a write is outstanding: initiated, or completed and its completion not yet dispatched. */
    public boolean pending() {
        return registration.writeOutstanding();
    }
}
