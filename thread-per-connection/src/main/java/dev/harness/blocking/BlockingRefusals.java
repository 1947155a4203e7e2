package dev.harness.blocking;

import static dev.harness.transport.Closeables.closeQuietly;

import dev.harness.protocol.OutBuffer;
import dev.harness.protocol.WireCodec;
import dev.harness.transport.Channel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The polite refusals of a {@link BlockingServer}: a connection over {@code --max-connections} gets no
 * thread; it is made non-blocking and queued here, and once its first byte arrives (read without blocking,
 * within at most {@value #WAIT_MILLIS} ms) it is answered in the protocol that byte chose,
 * {@link WireCodec#refuse}, and closed. A client that sends nothing in time is closed without an answer.
 *
 * <p>At most {@value #MAX_REFUSING} refusals wait at once; beyond that a connection is closed at once. The
 * queue is served by the server's {@code timeouts} thread ({@link BlockingTimeouts}), which ticks every
 * {@link #TICK_NANOS} ns while refusals wait: a refused connection costs no thread and one 4 KiB scratch
 * buffer is shared by all of them.
 */
final class BlockingRefusals {

    static final int MAX_REFUSING = 256;
    static final long WAIT_MILLIS = 1_000;
    /** How often the queue is served while it is not empty. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private record Refusal(Channel channel, long deadlineNanos) {
    }

    private final String message;
    private final ConcurrentLinkedQueue<Refusal> refusing = new ConcurrentLinkedQueue<>();
    private final AtomicInteger refusingCount = new AtomicInteger();
    private final ByteBuffer scratch = ByteBuffer.allocate(4096);

    BlockingRefusals(String message) {
        this.message = message;
    }

    /**
     * Takes over a connection the server will not serve. Returns false when it was closed at once (too many
     * refusals wait, or it could not be made non-blocking), true when it waits for its first byte.
     */
    boolean refuse(Channel channel) {
        if (refusingCount.incrementAndGet() > MAX_REFUSING) {
            refusingCount.decrementAndGet();
            closeQuietly(channel);
            return false;
        }
        try {
            channel.configureBlocking(false);
        } catch (IOException e) {
            refusingCount.decrementAndGet();
            closeQuietly(channel);
            return false;
        }
        refusing.add(new Refusal(channel, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MILLIS)));
        return true;
    }

    boolean isEmpty() {
        return refusing.isEmpty();
    }

    /** Answers every refused connection whose first byte has come, and closes those overdue. Timeouts thread only. */
    void serve(long nowNanos) {
        for (Iterator<Refusal> it = refusing.iterator(); it.hasNext(); ) {
            Refusal r = it.next();
            boolean done;
            try {
                scratch.clear();
                int n = r.channel().read(scratch);
                if (n > 0) {
                    OutBuffer out = new OutBuffer(256);
                    WireCodec.refuse(scratch.get(0), message, out);
                    out.writeTo(r.channel());
                    done = true;
                } else {
                    done = n < 0 || nowNanos - r.deadlineNanos() >= 0;
                }
            } catch (IOException e) {
                done = true;
            }
            if (done) {
                it.remove();
                refusingCount.decrementAndGet();
                closeQuietly(r.channel());
            }
        }
    }

    /** Closes every connection still waiting: the server stops. */
    void closeAll() {
        Refusal r;
        while ((r = refusing.poll()) != null) {
            refusingCount.decrementAndGet();
            closeQuietly(r.channel());
        }
    }
}
