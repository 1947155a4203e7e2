package dev.harness.blocking;

import dev.harness.protocol.Inbound;
import dev.harness.protocol.Limits;
import dev.harness.protocol.OutBuffer;
import dev.harness.protocol.WireCodec;
import dev.harness.server.ServerConfig;
import dev.harness.service.Completion;
import dev.harness.service.ErrorCode;
import dev.harness.service.Reply;
import dev.harness.service.Request;
import dev.harness.service.ServiceHandler;
import dev.harness.service.Session;
import dev.harness.service.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connection loop of the thread-per-connection models, shared by {@code sync-threads} (a platform
 * thread runs it) and {@code virtual-threads} (a virtual thread runs it): read, decode, handle, write, all
 * blocking, on the connection's own thread.
 *
 * <p>As a {@link Session} it executes the services' asynchronous operations synchronously: {@link #await}
 * sleeps on this thread and {@link #call} blocks on the downstream socket, then their completions run on
 * this thread. A wait's completion runs after the handler returns (a trampoline), so a long SUBSCRIBE
 * stream does not deepen the stack. Requests are therefore answered in order, one at a time.
 *
 * <p>Output is gathered while a batch of pipelined requests is handled and written once, before any wait
 * or downstream call, at the end of the batch, and whenever it reaches {@code maxPendingOutputBytes}. The read buffer starts at {@value #INITIAL_READ_BYTES}
 * bytes and grows only for a request larger than it, up to the limits.
 */
final class BlockingConnection implements Runnable, Session, Inbound {

    static final int INITIAL_READ_BYTES = 4096;

    private static final System.Logger LOG = System.getLogger(BlockingConnection.class.getName());
    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int CLOSED = 2;
    /** The {@link Watchdog} ended a read whose deadline passed. */
    private static final int TIMED_OUT = 3;

    private final BlockingServer server;
    private final SocketChannel channel;
    private final ServiceHandler handler;
    private final Limits limits;
    private final ServerConfig config;
    private final OutBuffer out = new OutBuffer(INITIAL_READ_BYTES);
    private final ArrayDeque<Runnable> completions = new ArrayDeque<>();
    private final AtomicInteger state = new AtomicInteger(BUSY);
    private volatile Thread thread;
    /** When the read in progress times out, {@link System#nanoTime()}; 0: never. Read by the Watchdog. */
    private volatile long deadlineNanos;
    private boolean headerDeadline;
    private long headerSinceNanos;
    private long lastInputNanos;
    private WireCodec codec;
    private BlockingDownstream downstream;

    BlockingConnection(BlockingServer server, SocketChannel channel, ServiceHandler handler, ServerConfig config) {
        this.server = server;
        this.channel = channel;
        this.handler = handler;
        this.config = config;
        this.limits = config.limits();
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        handler.open(this);
        try {
            serve();
        } catch (IOException | Aborted e) {
            // the peer reset the connection, or shutdown closed it: either way this connection is over
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "connection failed: " + e, e);
        } finally {
            state.set(CLOSED);
            handler.close(this);
            if (downstream != null) {
                downstream.close();
            }
            closeChannel();
            server.closed(this);
        }
    }

    private void serve() throws IOException {
        ByteBuffer in = ByteBuffer.allocate(INITIAL_READ_BYTES);
        if (!read(in)) {
            return;
        }
        byte first = in.get(0);
        codec = WireCodec.detect(first, limits);
        if (codec == null) {
            WireCodec.rejectUnknownProtocol(first, out);
            flush();
            return;
        }
        while (true) {
            in.flip();
            int need = codec.decode(in, this, out);
            if (in.position() > 0) {
                headerSinceNanos = 0; // a header still pending began in the last read, not before
            }
            in.compact();
            flush();
            if (need == WireCodec.STOP_READING || codec.finished()) {
                return;
            }
            if (need == WireCodec.PAUSED) {
                throw new IllegalStateException("a blocking connection answers every request before it reads again");
            }
            if (need > in.capacity()) {
                // at least double, so a request that trickles in costs O(log n) copies, not one per read
                in = ByteBuffer.allocate(Math.max(need, 2 * in.capacity())).put(in.flip());
            } else if (in.position() == 0 && in.capacity() > INITIAL_READ_BYTES) {
                in = ByteBuffer.allocate(INITIAL_READ_BYTES);
            } else if (!in.hasRemaining()) {
                throw new IllegalStateException("the codec asked for " + need + " bytes with a full buffer of " + in.capacity());
            }
            if (!read(in)) {
                return;
            }
        }
    }

    /**
     * Blocks for input; false at end of stream, when the server closed this idle connection, or when the
     * read timed out (a header timeout is answered here before the connection closes).
     */
    private boolean read(ByteBuffer in) throws IOException {
        armDeadline(in);
        if (!state.compareAndSet(BUSY, IDLE)) {
            return false;
        }
        if (server.draining() && state.compareAndSet(IDLE, BUSY)) {
            return false;
        }
        int n = channel.read(in);
        lastInputNanos = System.nanoTime();
        if (state.compareAndSet(IDLE, BUSY)) {
            return n >= 0;
        }
        if (state.get() == TIMED_OUT && headerDeadline) {
            codec.expire("the request header did not arrive within the header timeout of "
                    + config.headerTimeout().toMillis() + " ms (--header-timeout)", out);
            flush();
        }
        return false;
    }

    /**
     * Sets the deadline of the coming read: the header timeout from the first byte of a header still
     * incomplete, otherwise (no request in progress, or in the middle of a body) the idle timeout from now.
     */
    private void armDeadline(ByteBuffer in) {
        long now = System.nanoTime();
        if (codec != null && codec.midHeader() && !config.headerTimeout().isZero()) {
            if (headerSinceNanos == 0) {
                headerSinceNanos = lastInputNanos;
            }
            headerDeadline = true;
            deadlineNanos = nonZero(headerSinceNanos + config.headerTimeout().toNanos());
            return;
        }
        headerSinceNanos = 0;
        headerDeadline = false;
        deadlineNanos = config.idleTimeout().isZero() ? 0 : nonZero(now + config.idleTimeout().toNanos());
    }

    private static long nonZero(long nanos) {
        return nanos == 0 ? 1 : nanos;
    }

    /** Called by the {@link Watchdog}: ends a blocked read whose deadline has passed. */
    void expireIfOverdue(long nowNanos) {
        long deadline = deadlineNanos;
        if (deadline != 0 && nowNanos - deadline >= 0 && state.compareAndSet(IDLE, TIMED_OUT)) {
            try {
                channel.shutdownInput();
            } catch (IOException e) {
                closeChannel();
            }
        }
    }

    private void flush() throws IOException {
        if (!out.isEmpty()) {
            out.writeTo(channel);
        }
    }

    @Override
    public void onRequest(Request request) {
        handler.handle(this, request);
        Runnable completion;
        while ((completion = completions.poll()) != null) {
            completion.run();
        }
        if (out.readableBytes() >= limits.maxPendingOutputBytes()) {
            // a pipeline of large answers is written as it grows, not gathered: a client that does not read
            // holds this thread in a blocking write, never the server's memory
            flushOrFail();
        }
    }

    @Override
    public void reply(Request request, Status status, ByteBuffer payload) {
        codec.reply(request, status, payload, out);
    }

    @Override
    public void fail(Request request, ErrorCode code, String message) {
        codec.fail(request, code, message, out);
    }

    @Override
    public void await(long nanos, Runnable then) {
        flushOrFail();
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Aborted();
        }
        completions.add(then);
    }

    @Override
    public void call(byte op, ByteBuffer payload, Completion<Reply> then) {
        flushOrFail();
        if (config.downstream().isEmpty()) {
            then.completed(BlockingDownstream.error(ErrorCode.UNAVAILABLE,
                    "no downstream configured: start the server with --downstream HOST:PORT"));
            return;
        }
        if (downstream == null) {
            downstream = new BlockingDownstream(config.downstream().get(), config.downstreamTimeout(),
                    limits.maxPayloadBytes());
        }
        downstream.call(op, payload, reply -> {
            then.completed(reply);
            flushOrFail();
        });
    }

    @Override
    public Limits limits() {
        return limits;
    }

    private void flushOrFail() {
        try {
            flush();
        } catch (IOException e) {
            throw new Aborted();
        }
    }

    /** Closes the connection if it is blocked waiting for a request; a busy one finishes its batch first. */
    void closeIfIdle() {
        if (state.compareAndSet(IDLE, CLOSED)) {
            closeChannel();
        }
    }

    /** Closes the connection whatever it is doing and interrupts its thread. */
    void forceClose() {
        state.set(CLOSED);
        closeChannel();
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Unwinds a handler whose connection broke or was shut down in the middle of a wait or a write. */
    private static final class Aborted extends RuntimeException {
        Aborted() {
            super(null, null, false, false);
        }
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already broken: nothing left to release
        }
    }
}
