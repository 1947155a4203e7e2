package dev.harness.blocking;

import static dev.harness.transport.Closeables.closeQuietly;

import dev.harness.protocol.ActCodec;
import dev.harness.protocol.ActFrameHeader;
import dev.harness.protocol.OutBuffer;
import dev.harness.service.Completion;
import dev.harness.service.ErrorCode;
import dev.harness.service.Operation;
import dev.harness.service.Reply;
import dev.harness.service.Status;
import dev.harness.transport.Channel;
import dev.harness.transport.Transport;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One connection's blocking client to the RELAY downstream: the thread server as an initiator. It opens
 * its channel on the server's transport on first use and keeps it; each call sends one ACT frame under an
 * act of its own and blocks the calling thread until the answers come, so there is one call outstanding at
 * a time and a stale answer is impossible once a timed-out channel is closed.
 *
 * <p>A channel has no read timeout, so the wait is bounded the way a connection's reads are: while this
 * thread waits for the downstream (connecting, writing the request, reading an answer) it publishes a
 * deadline, {@code now + timeout}, renewed for each answer of a stream; the server's {@link BlockingTimeouts}
 * closes the channel of a call whose deadline has passed, which wakes the thread, and the call answers
 * {@link ErrorCode#GATEWAY_TIMEOUT}. While an answer is passed on to the client the deadline is off: a slow
 * client is the connection's business, not the downstream's.
 *
 * <p>Costs: created on a connection's first RELAY only; then a channel, a 16-byte header buffer and an
 * empty {@link OutBuffer} while idle; per answer frame, two reads and one array of its payload's size.
 */
final class BlockingDownstream implements Closeable {

    private static final int NOT_WAITING = 0;
    private static final int WAITING = 1;
    /** The {@link BlockingTimeouts} closed the channel: the deadline of the wait passed. */
    private static final int EXPIRED = 2;
    private static final VarHandle PHASE;

    static {
        try {
            PHASE = MethodHandles.lookup().findVarHandle(BlockingDownstream.class, "phase", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Transport transport;
    private final InetSocketAddress address;
    private final long timeoutNanos;
    private final int maxPayloadBytes;
    private final ByteBuffer header = ByteBuffer.allocate(ActCodec.HEADER_BYTES);
    private final OutBuffer request = new OutBuffer(64);
    private volatile Channel channel;
    private volatile int phase;
    private volatile long deadlineNanos;
    private long nextAct;

    BlockingDownstream(Transport transport, InetSocketAddress address, Duration timeout, int maxPayloadBytes) {
        this.transport = transport;
        this.address = address;
        this.timeoutNanos = Math.max(1, timeout.toNanos());
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** Sends op with payload and passes each answer to {@code each}; failures become one ERROR reply. */
    void call(byte op, ByteBuffer payload, Completion<Reply> each) {
        long act = ++nextAct;
        try {
            startWaiting();
            Channel c = channel;
            if (c == null) {
                c = connect();
            }
            ActCodec.encodeFrame(request, act, op, Status.OK, payload);
            request.writeTo(c);
            request.release();
            boolean last = false;
            while (!last) {
                Reply reply = readAnswer(c, act, op);
                last = reply.last();
                if (!stopWaiting()) {
                    throw new Expired(); // the answer came just as the timeouts thread closed the channel
                }
                each.completed(reply);
                if (!last) {
                    startWaiting();
                }
            }
        } catch (IOException e) {
            boolean expired = e instanceof Expired || !stopWaiting();
            close();
            each.completed(expired
                    ? error(ErrorCode.GATEWAY_TIMEOUT, "downstream " + address + " did not answer within "
                            + timeoutNanos / 1_000_000 + " ms")
                    : error(ErrorCode.BAD_GATEWAY, "downstream " + address + " over " + transport.name()
                            + " failed: " + e.getMessage()));
        }
    }

    private Channel connect() throws IOException {
        Channel c = transport.open();
        channel = c; // published first, so that the timeouts thread can end a connect that hangs
        try {
            c.connect(address);
            return c;
        } catch (IOException | RuntimeException e) {
            channel = null;
            closeQuietly(c);
            throw e;
        }
    }

    private Reply readAnswer(Channel c, long act, byte op) throws IOException {
        readFully(c, header.clear());
        int length = ActFrameHeader.length(header, 0);
        long answerAct = ActFrameHeader.act(header, 0);
        if (!ActFrameHeader.lengthFits(length, maxPayloadBytes) || answerAct != act) {
            throw new IOException("downstream answered a frame that is not ours (length %d, act %d, expected act %d)"
                    .formatted(length, answerAct, act));
        }
        Status status = Status.of(ActFrameHeader.status(header, 0));
        if (status == null) {
            throw new IOException("downstream answered an unknown status " + ActFrameHeader.status(header, 0));
        }
        ByteBuffer body = ByteBuffer.allocate(ActFrameHeader.payloadBytes(length));
        readFully(c, body);
        return new Reply(status, status == Status.ERROR ? ErrorCode.BAD_GATEWAY : null, body.flip(),
                status != Status.OK || !Operation.isStream(op));
    }

    private static void readFully(Channel c, ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            if (c.read(into) < 0) {
                throw new EOFException("the downstream closed the connection");
            }
        }
    }

    private void startWaiting() {
        deadlineNanos = System.nanoTime() + timeoutNanos;
        phase = WAITING;
    }

    /** Ends a wait; false when the timeouts thread expired it first. */
    private boolean stopWaiting() {
        return (int) PHASE.getAndSet(this, NOT_WAITING) != EXPIRED;
    }

    /**
     * Called by the {@link BlockingTimeouts}: closes the channel of a wait whose deadline has passed. The channel is
     * read before the deadline, so a call that has since moved on to a new channel keeps it.
     */
    void expireIfOverdue(long nowNanos) {
        if (phase != WAITING) {
            return;
        }
        Channel c = channel;
        if (nowNanos - deadlineNanos >= 0 && PHASE.compareAndSet(this, WAITING, EXPIRED) && c != null) {
            closeQuietly(c);
        }
    }

    /** A wait that the timeouts thread ended, found after its answer was read. */
    private static final class Expired extends IOException {
        Expired() {
            super("the deadline passed", null);
        }
    }

    static Reply error(ErrorCode code, String message) {
        return new Reply(Status.ERROR, code, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), true);
    }

    @Override
    public void close() {
        request.clear();
        Channel c = channel;
        channel = null;
        closeQuietly(c);
    }
}
