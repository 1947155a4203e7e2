package dev.harness.blocking;

import dev.harness.protocol.Inbound;
import dev.harness.protocol.OutBuffer;
import dev.harness.protocol.WireCodec;
import dev.harness.server.OutputBudget;
import dev.harness.server.ServerConfig;
import dev.harness.service.BlockingResult;
import dev.harness.service.Completion;
import dev.harness.service.ErrorCode;
import dev.harness.service.Limits;
import dev.harness.service.Reply;
import dev.harness.service.Request;
import dev.harness.service.ServiceHandler;
import dev.harness.service.Session;
import dev.harness.service.Status;
import dev.harness.transport.Channel;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;

/**
 * The connection loop of the thread-per-connection models, shared by {@code sync-threads} (a platform
 * thread runs it) and {@code virtual-threads} (a virtual thread runs it): wait, read, decode, handle,
 * write, all blocking, on the connection's own thread.
 *
 * <p>As a {@link Session} it executes the services' asynchronous operations synchronously: {@link #await}
 * sleeps on this thread, {@link #call} blocks on the downstream channel and {@link #blocking} runs the
 * handler's blocking call here, then their completions run on this thread. A wait's completion runs after the handler returns (a trampoline), so a long SUBSCRIBE
 * stream does not deepen the stack. Requests are therefore answered in order, one at a time.
 *
 * <p>Output is gathered while a batch of pipelined requests is handled and written once, before any wait
 * or downstream call, at the end of the batch, and whenever it reaches {@code maxPendingOutputBytes}; what
 * it holds is reported to the server's {@link OutputBudget}, and while that is exceeded
 * the output is written before the next request is taken.
 *
 * <h2>Buffers: none while idle</h2>
 * Between requests the thread waits in {@link Channel#awaitReadable()}, holding neither a read buffer nor
 * an output buffer. When input is ready it borrows a {@value ReadBufferPool#BUFFER_BYTES}-byte buffer from
 * the server's {@link ReadBufferPool}, reads and decodes; as soon as the codec has consumed every byte read
 * (no partial request left) the buffer goes back to the pool, before the answers are written, so a client
 * that has its answer knows the buffer is back. A buffer holding part of a request stays with its
 * connection until the request is complete; a request larger than the buffer grows a private one (at
 * least doubling, up to the limits) that is dropped once consumed. A connection holds its buffer while a
 * request it read is being handled, waits included. The {@link OutBuffer} allocates its array on the first
 * answer of a batch and drops it before the thread waits again: one 512-byte allocation per batch.
 *
 * <p>Over {@code mem} this holds to the letter. Over {@code tcp} {@code awaitReadable} returns at once (a
 * blocking socket cannot wait without a buffer to read into), so the blocking read waits instead and an
 * idle tcp connection holds one pooled buffer, as it would hold a buffer of its own without the pool.
 *
 * <p>Per idle connection, besides its thread: this object, an empty {@link OutBuffer}, the codec once the
 * first byte chose it; the completion queue and the downstream client exist only once a wait or a RELAY
 * needed them. The blocking point is in {@code serve}, one frame below {@link #run}, because a parked
 * virtual thread's frames are copied to the heap: the shallower the stack at the wait, the less an idle
 * virtual-thread connection holds (the module's README gives the measured heap per idle connection and
 * the command that measures it).
 */
final class BlockingConnection implements Runnable, Session, Inbound {

    private static final System.Logger LOG = System.getLogger(BlockingConnection.class.getName());
    /** The bytes of one blocking write: the write timeout sees progress once per slice taken by the client. */
    private static final int WRITE_SLICE_BYTES = 64 * 1024;
    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int CLOSED = 2;
    /** The {@link BlockingTimeouts} ended a read whose deadline passed. */
    private static final int TIMED_OUT = 3;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(BlockingConnection.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final BlockingServer server;
    private final Channel channel;
    /**
     * Answers waiting to be written; null while none wait, so that an idle connection holds no buffer object
     * (32 bytes, 320 MB at ten million connections): {@link #output()} makes it, {@link #enterIdle()} drops it.
     */
    private OutBuffer out;
    private volatile int state = BUSY;
    private volatile Thread thread;
    /** When the read in progress times out, {@link System#nanoTime()}; 0: never. Read by the timeouts thread. */
    private volatile long deadlineNanos;
    /**
     * When the write in progress last made progress (a slice began), {@link System#nanoTime()}; 0 while no
     * write is in progress. Read by the timeouts thread for the write timeout.
     */
    private volatile long writeProgressNanos;
    /** What this connection last reported to the server's {@link OutputBudget}; read by the timeouts thread. */
    private volatile long reportedOutputBytes;
    /** Created on the first RELAY; read by the timeouts thread for the downstream's deadline. */
    private volatile BlockingDownstream downstream;
    private boolean headerDeadline;
    private long headerSinceNanos;
    private long lastInputNanos;
    private WireCodec codec;
    /** The read buffer; null while nothing of a request is buffered. */
    private ByteBuffer in;
    private ArrayDeque<Runnable> completions;
    /** This connection's handler, made on its own thread when it starts. */
    private ServiceHandler handler;

    BlockingConnection(BlockingServer server, Channel channel) {
        this.server = server;
        this.channel = channel;
    }

    @Override
    public void run() {
        thread = Thread.currentThread();
        try {
            handler = config().handler().handlers().newHandler();
            handler.open(this);
            serve();
        } catch (IOException | Aborted e) {
            // the peer reset the connection, or shutdown closed it: either way this connection is over
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.WARNING, "connection failed: " + e, e);
        } finally {
            state = CLOSED;
            if (handler != null) {
                handler.close(this);
            }
            BlockingDownstream d = downstream;
            if (d != null) {
                d.close();
            }
            releaseInput();
            out = null;
            reportOutput();
            closeChannel();
            server.closed(this);
        }
    }

    private void serve() throws IOException {
        int need = 1;
        while (true) {
            if (!enterIdle()) {
                return;
            }
            // the blocking point of an idle connection over mem (tcp waits in the read), here rather than in a
            // method of its own: a parked virtual thread's frames are copied to the heap
            channel.awaitReadable();
            if (!read(need)) {
                return;
            }
            if (codec == null) {
                byte first = in.get(0);
                codec = WireCodec.detect(first, config().limits());
                if (codec == null) {
                    WireCodec.rejectUnknownProtocol(first, output());
                    flush();
                    return;
                }
            }
            in.flip();
            need = codec.decode(in, this, output());
            if (in.position() > 0) {
                headerSinceNanos = 0; // a header still pending began in the last read, not before
            }
            in.compact();
            if (in.position() == 0) {
                releaseInput();
            }
            flush();
            if (need == WireCodec.STOP_READING || codec.finished()) {
                return;
            }
            if (need == WireCodec.PAUSED) {
                throw new IllegalStateException("a blocking connection answers every request before it reads again");
            }
        }
    }

    /**
     * Arms the deadline, drops the empty output buffer and marks this connection idle, which lets the
     * timeouts thread and shutdown end its wait; false when the server closed it or is draining.
     */
    private boolean enterIdle() {
        armDeadline();
        if (out != null && out.isEmpty()) {
            out = null;
        }
        if (!STATE.compareAndSet(this, BUSY, IDLE)) {
            return false;
        }
        return !(server.draining() && STATE.compareAndSet(this, IDLE, BUSY));
    }

    /**
     * Reads the input that is ready into {@link #in} (borrowed, or grown to hold {@code need} bytes) and
     * marks this connection busy; false at end of stream, when the server closed this idle connection, or
     * when the wait timed out (a header timeout is answered here before the connection closes).
     */
    private boolean read(int need) throws IOException {
        prepareInput(need);
        int n = channel.read(in);
        lastInputNanos = System.nanoTime();
        if (STATE.compareAndSet(this, IDLE, BUSY)) {
            return n >= 0;
        }
        if (state == TIMED_OUT && headerDeadline) {
            codec.expire("the request header did not arrive within the header timeout of "
                    + config().headerTimeout().toMillis() + " ms (--header-timeout)", output());
            flush();
        }
        return false;
    }

    /** Makes {@link #in} a buffer with room that can hold {@code need} bytes from its start. */
    private void prepareInput(int need) {
        if (in == null) {
            in = server.readBuffers().borrow();
        }
        if (need > in.capacity()) {
            // at least double, so a request that trickles in costs O(log n) copies, not one per read
            ByteBuffer grown = ByteBuffer.allocate(Math.max(need, 2 * in.capacity())).put(in.flip());
            releaseInput();
            in = grown;
        } else if (!in.hasRemaining()) {
            throw new IllegalStateException("the codec asked for " + need + " bytes with a full buffer of " + in.capacity());
        }
    }

    /** Gives a pooled read buffer back (a grown one goes to the garbage collector); {@link #in} is null after. */
    private void releaseInput() {
        if (in != null && in.capacity() == ReadBufferPool.BUFFER_BYTES) {
            server.readBuffers().release(in);
        }
        in = null;
    }

    /**
     * Sets the deadline of the coming read: the header timeout from the first byte of a header still
     * incomplete, otherwise (no request in progress, or in the middle of a body) the idle timeout from now.
     */
    private void armDeadline() {
        ServerConfig config = config();
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
        deadlineNanos = config.idleTimeout().isZero() ? 0 : nonZero(System.nanoTime() + config.idleTimeout().toNanos());
    }

    private static long nonZero(long nanos) {
        return nanos == 0 ? 1 : nanos;
    }

    /**
     * Called by the {@link BlockingTimeouts}: ends a blocked read whose deadline has passed, a downstream call
     * whose deadline has, and a write that has not taken a slice for the write timeout (the connection is
     * closed, which ends the blocked write).
     */
    void expireIfOverdue(long nowNanos) {
        long writing = writeProgressNanos;
        long writeTimeout = config().writeTimeout().toNanos();
        if (writing != 0 && writeTimeout > 0 && nowNanos - writing >= writeTimeout) {
            LOG.log(System.Logger.Level.WARNING, "closing a connection that does not read its answers: none written for "
                    + config().writeTimeout().toMillis() + " ms (--write-timeout)");
            forceClose();
            return;
        }
        long deadline = deadlineNanos;
        if (deadline != 0 && nowNanos - deadline >= 0 && STATE.compareAndSet(this, IDLE, TIMED_OUT)) {
            try {
                channel.shutdownInput();
            } catch (IOException e) {
                closeChannel();
            }
        }
        BlockingDownstream d = downstream;
        if (d != null) {
            d.expireIfOverdue(nowNanos);
        }
    }

    /**
     * Writes everything pending, one slice of {@value #WRITE_SLICE_BYTES} bytes at a time, so that the
     * timeouts thread sees progress: a client that takes a slice within the write timeout is never cut off.
     */
    private void flush() throws IOException {
        if (out == null || out.isEmpty()) {
            return;
        }
        ByteBuffer view = out.readView();
        int end = view.limit();
        try {
            while (view.position() < end) {
                writeProgressNanos = nonZero(System.nanoTime());
                view.limit(Math.min(end, view.position() + WRITE_SLICE_BYTES));
                while (view.hasRemaining()) {
                    channel.write(view);
                }
            }
        } finally {
            writeProgressNanos = 0;
            view.limit(end);
            out.consumed(view);
            reportOutput();
        }
    }

    /** {@link #out}, made when an answer is about to be written into it. */
    private OutBuffer output() {
        if (out == null) {
            out = new OutBuffer(512);
        }
        return out;
    }

    /** Tells the server's {@link OutputBudget} what {@link #out} holds now. */
    private void reportOutput() {
        long reported = reportedOutputBytes;
        long now = server.outputBudget().report(reported, out == null ? 0 : out.readableBytes());
        if (now != reported) {
            reportedOutputBytes = now;
        }
    }

    /**
     * For the {@link OutputBudget}'s cut, from the timeouts thread: the output this connection holds when its
     * write has taken no slice for {@code stalledNanos}, else 0.
     */
    long heldOutputBytesIfStalled(long nowNanos, long stalledNanos) {
        long writing = writeProgressNanos;
        return writing != 0 && nowNanos - writing >= stalledNanos ? reportedOutputBytes : 0;
    }

    /** Closes this connection, stuck in a write while the server holds more output than its budget. */
    void closeOverBudget(OutputBudget budget) {
        LOG.log(System.Logger.Level.WARNING, "closing the connection that holds most output (" + reportedOutputBytes
                + " bytes, none written for a tick) while all hold " + budget.heldBytes() + " bytes, over the budget of "
                + budget.budgetBytes() + " (--max-output-bytes)");
        forceClose();
    }

    @Override
    public void onRequest(Request request) {
        handler.handle(this, request);
        if (completions != null) {
            Runnable completion;
            while ((completion = completions.poll()) != null) {
                completion.run();
            }
        }
        if (out != null && out.readableBytes() >= config().limits().maxPendingOutputBytes()
                || (reportedOutputBytes > 0 && server.outputBudget().over())) {
            // a pipeline of large answers is written as it grows, not gathered: a client that does not read
            // holds this thread in a blocking write, never the server's memory; over the server's budget, a
            // connection that holds output writes it before it takes its next request
            flushOrFail();
        }
    }

    @Override
    public void reply(Request request, Status status, ByteBuffer payload) {
        codec.reply(request, status, payload, output());
        reportOutput();
    }

    @Override
    public void fail(Request request, ErrorCode code, String message) {
        codec.fail(request, code, message, output());
        reportOutput();
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
        if (completions == null) {
            completions = new ArrayDeque<>(4);
        }
        completions.add(then);
    }

    @Override
    public void call(byte op, ByteBuffer payload, Completion<Reply> then) {
        flushOrFail();
        ServerConfig config = config();
        if (config.downstream().isEmpty()) {
            then.completed(BlockingDownstream.error(ErrorCode.UNAVAILABLE,
                    "no downstream configured: start the server with --downstream HOST:PORT"));
            return;
        }
        BlockingDownstream d = downstream;
        if (d == null) {
            d = new BlockingDownstream(config.transport(), config.downstream().get(), config.downstreamTimeout(),
                    config.limits().maxPayloadBytes());
            downstream = d;
        }
        d.call(op, payload, reply -> {
            then.completed(reply);
            flushOrFail();
        });
    }

    /** Writes the answers gathered so far, then blocks this connection's thread in {@code call}. */
    @Override
    public <T> void blocking(Callable<T> call, Completion<BlockingResult<T>> then) {
        flushOrFail();
        then.completed(BlockingResult.of(call));
        flushOrFail();
    }

    @Override
    public Limits limits() {
        return config().limits();
    }

    private ServerConfig config() {
        return server.config();
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
        if (STATE.compareAndSet(this, IDLE, CLOSED)) {
            closeChannel();
        }
    }

    /** Closes the connection whatever it is doing and interrupts its thread. */
    void forceClose() {
        state = CLOSED;
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
