// Over 450 lines: Handler, Session and Inbound share one connection's fields; a split costs each one an object.
package dev.harness.proactor.server;

import dev.harness.proactor.AsynchReadStream;
import dev.harness.proactor.AsynchResult;
import dev.harness.proactor.AsynchWriteStream;
import dev.harness.proactor.Handler;
import dev.harness.proactor.Proactor;
import dev.harness.protocol.Inbound;
import dev.harness.protocol.OutBuffer;
import dev.harness.protocol.WireCodec;
import dev.harness.server.OutputBudget;
import dev.harness.service.BlockingResult;
import dev.harness.service.Completion;
import dev.harness.service.ErrorCode;
import dev.harness.service.Limits;
import dev.harness.service.Operation;
import dev.harness.service.Reply;
import dev.harness.service.Request;
import dev.harness.service.ServiceHandler;
import dev.harness.service.Session;
import dev.harness.service.Status;
import dev.harness.transport.Channel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Callable;

/**
 * One client connection of {@code proactor-act}: the completion {@link Handler} of its reads, writes and
 * timers, and the {@link Session} its services run against. Confined to one {@link Proactor} loop from
 * the activation hook on; every callback ends in {@link #afterEvent()}, which decides the next operations
 * to initiate (write what is pending, read again or not, close).
 *
 * <p>Behaviour, matching the thread servers: the first byte chooses the protocol (an unknown one gets an
 * ERROR frame with act 0 and the connection closes); requests are handled as they are decoded, and answers
 * leave in completion order (ACT frames: out of order; HTTP: the codec restores request order); a
 * protocol error or {@code Connection: close} stops reading, and the connection closes once what was
 * taken is answered; end of input closes it once its requests in flight are answered.
 *
 * <p>Back-pressure: output held for the client is the output buffer plus the answers the codec holds back
 * for their turn (HTTP answers completed before an earlier one, {@link WireCodec#heldOutputBytes()}). While
 * more than {@link Limits#maxPendingOutputBytes()} is held, newly decoded requests are deferred (not
 * handled) and no read is initiated; while more than that waits in the output buffer itself, waits that end
 * have their continuation parked until it drains (so a SUBSCRIBE to a client that does not read pauses, as a
 * blocked write pauses it in the thread models). Answers held back are not parked: the one they wait for
 * may be among the parked, and only its completion releases them. Pending output stays within the limit
 * plus one answer, and the transport's buffers (the kernel's socket buffers, or mem's bounded pipes) push
 * back on the client. Also no read while {@value #MAX_IN_FLIGHT} requests are in flight or HTTP decoding is
 * PAUSED. Output held that still grows past twice the limit plus two of the largest answers (a stream
 * answered behind a slow HTTP request, a relayed stream arriving from the downstream for a client that does
 * not read) closes the connection: a slow consumer is cut off rather than buffered without bound. Across
 * connections the server's {@link OutputBudget} applies too: while it is exceeded, a connection that holds
 * output takes no request and parks its streams, and the loop's timeout check closes the worst offender.
 *
 * <p>Fairness: one callback handles requests for at most {@link #TURN_NANOS} (at least one request); the rest
 * are deferred and a zero-delay timer gives the connection its next turn, after the completions the loop
 * gathers in its next round — so a pipeline of CPU-heavy WORK delays the loop's other connections by one
 * request at a time, not by the whole pipeline. Only that timer resumes them: no other callback of the
 * connection (its write completing, in the same round) starts a turn while it is due.
 *
 * <p>State: a {@link State} (its transitions are listed there) and two flags independent of it:
 * {@link #inputEnded}, the client's end of stream, which a read still outstanding when this side stopped
 * may bring (so it meets {@code OPEN}, {@code STOPPED} and {@code FLUSHING}), and {@link #cutOff}, set on the
 * output side in any state before {@code CLOSED}, which drops every later answer until the
 * {@link #afterEvent()} of the callback that set it closes the connection. Three more flags are bookkeeping:
 * {@link #inEvent}, {@link #releaseQueued} and {@link #nextTurnDue}.
 *
 * <p>Memory: while idle (waiting for a request) it holds no read buffer — reads borrow the loop's pooled
 * buffer, returned as soon as no partial request is left — and, from {@link EventLoop#RELEASE_DELAY_MILLIS}
 * ms after its last answer, no output bytes ({@link OutBuffer#release()}; a busy connection keeps its
 * buffer, so answering allocates nothing). What is the same for every connection of a server (the service,
 * the limits, the cut-off) is reached through its {@link EventLoop}, not copied here; the queues of deferred
 * requests and parked continuations exist only while they are needed. So an idle connection is this object,
 * its two streams, its registration with one read result (one write result more once it has answered, and
 * its codec), an empty {@link OutBuffer} and a slot in its loop's {@link ConnectionSet}; the module README
 * lists their sizes, with the command that measured them.
 *
 * <p>Timers of a closed connection still fire but are ignored (the state is checked first), and
 * downstream answers for it are dropped, so no completion runs after {@link ServiceHandler#close}.
 */
final class ProactorConnection implements Handler, Session, Inbound {

    /** Requests taken and not yet answered before the connection stops reading. */
    static final int MAX_IN_FLIGHT = 1024;

    /**
     * How long one callback of a connection may go on handling requests before the rest wait for its next
     * turn: a pipelined burst of cheap requests (an ECHO is answered in microseconds) handles hundreds in one
     * turn, so the yield costs it one loop round per hundreds of requests, while a request whose WORK burns
     * 1 ms or more is followed by a yield. So the other connections of the loop wait at most one turn plus
     * one request's CPU ({@code --max-cpu-us}), not the whole pipeline's (1,024 requests of 1 s: 17 minutes).
     */
    static final long TURN_NANOS = 1_000_000;
    /** The ACT of the zero-delay timer that gives a connection its next turn. */
    private static final Object NEXT_TURN = new Object();

    /**
     * Where a connection is in its life. {@code OPEN} and {@code PAUSED} alternate as the codec pauses and
     * resumes; from either, a protocol error, {@code Connection: close}, bytes that arrive during shutdown or
     * an expired header whose answer waits its turn lead to {@code STOPPED}; the answer to an unknown first
     * byte, or to an expired header that ends the protocol, leads from {@code OPEN} to {@code FLUSHING}; any
     * state leads to {@code CLOSED} (an error, the end of its work, the idle timeout, a cut-off, shutdown),
     * and nothing leaves it.
     */
    enum State {
        /** Takes requests: reads whenever the backlog and the in-flight bound allow. */
        OPEN,
        /** Takes requests, but the codec paused (the HTTP pipelining bound) with bytes undecoded: no read. */
        PAUSED,
        /**
         * Takes no more requests and reads no more; answers what it took, and closes once the codec is
         * finished, or once nothing is in flight after its input ended or during shutdown.
         */
        STOPPED,
        /** Reads no more and closes as soon as its output is written, whatever is still in flight. */
        FLUSHING,
        /** {@link ServiceHandler#close} has run and the channel is closed; every later completion is ignored. */
        CLOSED;

        /** Whether it still takes requests: then its header and idle deadlines apply. */
        boolean takesRequests() {
            return this == OPEN || this == PAUSED;
        }
    }

    private static final System.Logger LOG = System.getLogger(ProactorConnection.class.getName());

    private final EventLoop loop;
    private final Channel channel;
    private final OutBuffer out = new OutBuffer(512);
    /** This connection's handler, made when it opens. */
    private ServiceHandler handler;
    private AsynchReadStream reader;
    private AsynchWriteStream writer;
    private WireCodec codec;
    /** Bytes received and not yet decoded (write mode), or null: then the connection holds no read buffer. */
    private ByteBuffer in;
    private ArrayDeque<Request> deferred;
    /** Continuations of waits that ended while output was backlogged; run when it drains. */
    private ArrayDeque<Runnable> waitingForDrain;
    private State state = State.OPEN;
    /** The client ended its input: no read is initiated any more, and it closes once nothing is in flight. */
    private boolean inputEnded;
    /** Set when output passed {@link ProactorActServer#outputCutOffBytes()}: nothing more is encoded and it closes. */
    private boolean cutOff;
    /** Inside one of this connection's callbacks, whose {@link #afterEvent()} is still to come. */
    private boolean inEvent;
    /** Queued in the loop's release queue ({@link EventLoop#releaseLater}). */
    private boolean releaseQueued;
    /** A {@link #NEXT_TURN} timer is due: requests were deferred because this connection's turn was up. */
    private boolean nextTurnDue;
    private int inFlight;
    /** When input last arrived or an answer was last written: the idle timeout counts from here. */
    private long lastActivityNanos = System.nanoTime();
    private long lastInputNanos = lastActivityNanos;
    /** What this connection last reported to the server's {@link OutputBudget}. */
    private long reportedOutputBytes;
    /** {@link OutBuffer#writtenBytes()} when the write timeout last saw output pending. */
    private long writtenMark;
    /**
     * Since when output has been pending with no byte written, as the timeout checks saw it; 0: not stalled,
     * or first seen pending at the last check.
     */
    private long writeStalledSinceNanos;
    /** When the first byte of the header still incomplete arrived; 0 while none is. */
    private long headerSinceNanos;
    /** Where this connection sits in its loop's {@link ConnectionSet}; -1 when it is not there. */
    int slot = -1;

    ProactorConnection(EventLoop loop, Channel channel) {
        this.loop = loop;
        this.channel = channel;
    }

    private ProactorActServer server() {
        return loop.server();
    }

    // ------------------------------------------------------------------ activation and completions

    @Override
    public void open() {
        reader = AsynchReadStream.open(loop.proactor(), channel);
        writer = AsynchWriteStream.open(loop.proactor(), channel);
        loop.connections().add(this);
        inEvent = true;
        try {
            handler = server().config().handler().handlers().newHandler();
            handler.open(this);
        } finally {
            inEvent = false;
        }
        if (server().draining()) {
            close();
            return;
        }
        afterEvent();
    }

    @Override
    public void handleReadStream(AsynchResult result) {
        ByteBuffer buffer = result.buffer();
        long n = result.bytesTransferred();
        if (state == State.CLOSED) {
            if (result.bufferLent()) {
                loop.proactor().releaseBuffer(buffer); // a buffer of our own (in) was released by close()
            }
            return;
        }
        if (!result.success()) {
            close();
            return;
        }
        inEvent = true;
        try {
            if (n < 0) {
                inputEnded = true;
                releaseInput();
            } else if (server().draining()) {
                loop.proactor().releaseBuffer(buffer); // shutting down: take no new requests
                in = null;
                stopReading();
            } else {
                lastInputNanos = System.nanoTime();
                lastActivityNanos = lastInputNanos;
                in = buffer;
                if (codec == null) {
                    detect();
                }
                decode();
            }
        } catch (RuntimeException e) {
            fatal(e);
            return;
        } finally {
            inEvent = false;
        }
        afterEvent();
    }

    @Override
    public void handleWriteStream(AsynchResult result) {
        if (state == State.CLOSED) {
            return;
        }
        if (!result.success()) {
            close(); // the peer is gone
            return;
        }
        lastActivityNanos = System.nanoTime();
        if (!releaseQueued) {
            releaseQueued = true;
            loop.releaseLater(this);
        }
        afterEvent();
    }

    /** From the loop's release timer: drops the output buffer unless an answer is being written. */
    void releaseOutputIfQuiet() {
        releaseQueued = false;
        if (state != State.CLOSED && out.isEmpty() && !writer.pending()) {
            out.release();
        }
    }

    /** A wait of {@link #await} is over: its ACT is the continuation; or this connection's next turn came. */
    @Override
    public void handleTimeout(AsynchResult result) {
        if (state == State.CLOSED) {
            return;
        }
        if (result.act() == NEXT_TURN) {
            nextTurnDue = false;
            afterEvent();
            return;
        }
        if (backlogged()) {
            if (waitingForDrain == null) {
                waitingForDrain = new ArrayDeque<>();
            }
            waitingForDrain.add((Runnable) result.act());
            afterEvent();
            return;
        }
        event((Runnable) result.act());
    }

    /** An answer of a downstream call, dispatched by the {@link ProactorDownstream} from its ACT. */
    void deliver(Completion<Reply> then, Reply reply) {
        if (state == State.CLOSED) {
            return;
        }
        if (inEvent) {
            then.completed(reply); // delivered inside one of our own callbacks: its afterEvent follows
            return;
        }
        event(() -> then.completed(reply));
    }

    /** Runs {@code work} as one event of this connection, then {@link #afterEvent()}; a failure closes this connection only. */
    private void event(Runnable work) {
        inEvent = true;
        try {
            work.run();
        } catch (RuntimeException e) {
            fatal(e);
            return;
        } finally {
            inEvent = false;
        }
        afterEvent();
    }

    // ------------------------------------------------------------------ what to do next

    /**
     * After every callback: resume deferred work, then close on a cut-off, else write what is pending, read
     * again or close. The cut-off is checked after the deferred work, which may itself pass it (answers
     * released from HTTP's request order, a parked stream resumed): the connection closes in this callback,
     * since a client that neither reads nor sends brings no next one.
     */
    private void afterEvent() {
        if (state == State.CLOSED) {
            return;
        }
        if (!cutOff) {
            inEvent = true;
            try {
                while (waitingForDrain != null && !waitingForDrain.isEmpty() && !backlogged()) {
                    waitingForDrain.poll().run();
                }
                // with a next turn due, the rest wait for it: the write completion of the last answer, dispatched
                // in this same round, would otherwise start a turn of its own, and another after it, until the
                // pipeline ended without the loop once looking for the other connections' completions
                while (!nextTurnDue && deferred != null && !deferred.isEmpty() && !overOutputLimit()
                        && !loop.turnUsedUp()) {
                    handler.handle(this, deferred.poll());
                }
                if (state == State.PAUSED && in != null && !overOutputLimit() && (deferred == null || deferred.isEmpty())) {
                    decode();
                }
                if (deferred != null && !deferred.isEmpty() && !overOutputLimit() && !nextTurnDue) {
                    // the turn is up: the rest wait behind the completions the loop has gathered meanwhile
                    nextTurnDue = true;
                    loop.proactor().scheduleTimer(0, this, NEXT_TURN);
                }
            } catch (RuntimeException e) {
                fatal(e);
                return;
            } finally {
                inEvent = false;
            }
        }
        loop.endTurn();
        if (cutOff) {
            close();
            return;
        }
        if (!out.isEmpty() && !writer.pending()) {
            writer.write(out, this, null);
        }
        reportedOutputBytes = server().outputBudget().report(reportedOutputBytes, heldForOutputBytes());
        if (state == State.OPEN && !inputEnded && !reader.pending() && !server().draining()
                && !overOutputLimit() && inFlight < MAX_IN_FLIGHT && (deferred == null || deferred.isEmpty())) {
            reader.read(in, this, null);
        }
        closeIfDone();
    }

    /** The first byte chooses the protocol; neither protocol's first byte gets an ERROR frame and a close. */
    private void detect() {
        byte first = in.get(0);
        codec = WireCodec.detect(first, limits());
        if (codec == null) {
            WireCodec.rejectUnknownProtocol(first, out);
            releaseInput();
            state = State.FLUSHING;
        }
    }

    private void decode() {
        if (codec == null || in == null) {
            return;
        }
        in.flip();
        int need = codec.decode(in, this, out);
        if (!codec.midHeader()) {
            headerSinceNanos = 0;
        } else if (headerSinceNanos == 0 || in.position() > 0) {
            headerSinceNanos = lastInputNanos; // the pending header began in the last read
        }
        in.compact();
        if (state.takesRequests()) {
            // PAUSED with bytes left: hold them, read no more, decode again as answers complete; with none
            // left, reading on is harmless — the codec pauses again and the bytes wait here
            state = need == WireCodec.PAUSED && in.position() > 0 ? State.PAUSED : State.OPEN;
        }
        if (need == WireCodec.STOP_READING) {
            stopReading();
            releaseInput();
        } else if (in.position() == 0) {
            releaseInput();
        } else if (need > in.capacity()) {
            ByteBuffer grown = ByteBuffer.allocate(need);
            grown.put(in.flip());
            loop.proactor().releaseBuffer(in);
            in = grown;
        }
        notePending();
    }

    /** Takes no more requests: {@code OPEN} and {@code PAUSED} become {@code STOPPED}; a later state stays. */
    private void stopReading() {
        if (state.takesRequests()) {
            state = State.STOPPED;
        }
    }

    private void releaseInput() {
        if (in != null) {
            loop.proactor().releaseBuffer(in);
            in = null;
        }
    }

    /**
     * More than the limit waits in the output buffer, or the server is over its {@link OutputBudget} and a
     * quantum of it waits here: writing it is what frees it.
     */
    private boolean backlogged() {
        return out.readableBytes() > limits().maxPendingOutputBytes()
                || (out.readableBytes() >= OutputBudget.QUANTUM_BYTES && server().outputBudget().over());
    }

    /**
     * More than the limit is held for output, counting the answers the codec holds back for their turn
     * (HTTP's request order): take no new request and read no more until it is written.
     */
    private boolean overOutputLimit() {
        return heldForOutputBytes() > limits().maxPendingOutputBytes()
                || (reportedOutputBytes > 0 && server().outputBudget().over());
    }

    private long heldForOutputBytes() {
        return (long) out.readableBytes() + (codec == null ? 0 : codec.heldOutputBytes());
    }

    private void closeIfDone() {
        if (state == State.CLOSED || !out.isEmpty() || writer.pending()) {
            return;
        }
        boolean idle = inFlight == 0 && (deferred == null || deferred.isEmpty())
                && (waitingForDrain == null || waitingForDrain.isEmpty());
        if (state == State.FLUSHING
                || (codec != null && codec.finished())
                || (inputEnded && idle)
                || (server().draining() && idle)) {
            close();
        }
    }

    // ------------------------------------------------------------------ Inbound

    @Override
    public void onRequest(Request request) {
        inFlight++;
        if (overOutputLimit() || (deferred != null && !deferred.isEmpty()) || loop.turnUsedUp()) {
            if (deferred == null) {
                deferred = new ArrayDeque<>();
            }
            deferred.add(request);
            return;
        }
        handler.handle(this, request);
    }

    /** Requests taken and not finally answered: a stop's ERROR frame with act 0 waits for them. */
    @Override
    public int answersOwed() {
        return inFlight;
    }

    // ------------------------------------------------------------------ Session

    @Override
    public void reply(Request request, Status status, ByteBuffer payload) {
        if (state == State.CLOSED || cutOff) {
            return;
        }
        codec.reply(request, status, payload, out);
        if (status != Status.OK || !isStream(request.operation())) {
            inFlight--;
        }
        notePending();
    }

    @Override
    public void fail(Request request, ErrorCode code, String message) {
        if (state == State.CLOSED || cutOff) {
            return;
        }
        codec.fail(request, code, message, out);
        inFlight--;
        notePending();
    }

    /** A timer on this connection's loop whose ACT is {@code then}: no thread waits. */
    @Override
    public void await(long nanos, Runnable then) {
        if (state != State.CLOSED) {
            loop.proactor().scheduleTimer(nanos, this, then);
        }
    }

    @Override
    public void call(byte op, ByteBuffer payload, Completion<Reply> then) {
        if (state == State.CLOSED) {
            return;
        }
        ProactorDownstream downstream = loop.downstream();
        if (downstream == null) {
            then.completed(ProactorDownstream.error(ErrorCode.UNAVAILABLE,
                    "no downstream configured: start the server with --downstream HOST:PORT"));
            return;
        }
        downstream.call(this, op, payload, then);
    }

    /**
     * On the server's {@link BlockingPool}, never on this loop: the completion comes back here by ACT and
     * runs as this connection's event; a connection closed meanwhile drops it.
     */
    @Override
    public <T> void blocking(Callable<T> call, Completion<BlockingResult<T>> then) {
        if (state == State.CLOSED) {
            return;
        }
        server().blockingPool().submit(loop.proactor(), call, result -> {
            if (state == State.CLOSED) {
                return;
            }
            if (inEvent) {
                then.completed(result); // refused at once, inside one of our own callbacks: its afterEvent follows
                return;
            }
            event(() -> then.completed(result));
        });
    }

    @Override
    public Limits limits() {
        return server().config().limits();
    }

    // ------------------------------------------------------------------ timeouts

    /**
     * From the loop's timeout check: a connection whose output has been pending with no byte written for the
     * write timeout (a client that does not read) is closed, in any state; a header incomplete for longer
     * than the header timeout is answered ({@link WireCodec#expire}: 408 or an ERROR frame with act 0) and
     * the connection closes once that is written; a connection with nothing in flight, nothing to write and
     * no input for the idle timeout is closed without an answer.
     */
    void checkTimeouts(long nowNanos) {
        if (state == State.CLOSED) {
            return;
        }
        if (writeStalled(nowNanos)) {
            LOG.log(System.Logger.Level.WARNING, "closing a connection that does not read its answers: "
                    + out.readableBytes() + " bytes pending, none written for "
                    + server().config().writeTimeout().toMillis() + " ms (--write-timeout)");
            close();
            return;
        }
        if (!state.takesRequests()) {
            return;
        }
        long header = server().config().headerTimeout().toNanos();
        if (codec != null && codec.midHeader() && headerSinceNanos != 0) {
            if (header > 0 && nowNanos - headerSinceNanos >= header) {
                codec.expire("the request header did not arrive within the header timeout of "
                        + server().config().headerTimeout().toMillis() + " ms (--header-timeout)", out);
                state = codec.finished() ? State.FLUSHING : State.STOPPED;
                afterEvent();
            }
            return;
        }
        long idle = server().config().idleTimeout().toNanos();
        boolean nothingInProgress = inFlight == 0 && (deferred == null || deferred.isEmpty()) && out.isEmpty()
                && !writer.pending();
        if (idle > 0 && nothingInProgress && nowNanos - lastActivityNanos >= idle) {
            close();
        }
    }

    /**
     * Whether output has been pending, with no byte of it written, since at least the write timeout ago. Keeps
     * the mark whatever the timeout, for {@link #heldOutputBytesIfStalled()}.
     */
    private boolean writeStalled(long nowNanos) {
        if (out.isEmpty()) {
            writeStalledSinceNanos = 0;
            return false;
        }
        if (writeStalledSinceNanos == 0 || out.writtenBytes() != writtenMark) {
            writtenMark = out.writtenBytes();
            writeStalledSinceNanos = nowNanos;
            return false;
        }
        long timeout = server().config().writeTimeout().toNanos();
        return timeout != 0 && nowNanos - writeStalledSinceNanos >= timeout;
    }

    /**
     * For the {@link OutputBudget}'s cut, right after {@link #checkTimeouts} with the same {@code nowNanos}:
     * the output this connection holds when none of it was written since the previous check, else 0.
     */
    long heldOutputBytesIfStalled(long nowNanos) {
        boolean stalled = writeStalledSinceNanos != 0 && writeStalledSinceNanos != nowNanos;
        return state != State.CLOSED && stalled ? heldForOutputBytes() : 0;
    }

    /** Closes this connection, which does not read while the server holds more output than its budget. */
    void closeOverBudget(OutputBudget budget) {
        LOG.log(System.Logger.Level.WARNING, "closing the connection that holds most output (" + heldForOutputBytes()
                + " bytes, none written since the last check) while all hold " + budget.heldBytes()
                + " bytes, over the budget of " + budget.budgetBytes() + " (--max-output-bytes)");
        close();
    }

    // ------------------------------------------------------------------ closing

    /** During shutdown: closes now if nothing is in flight, else once it is answered. */
    void drain() {
        if (state != State.CLOSED && !inEvent) {
            closeIfDone();
        }
    }

    void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        try {
            if (handler != null) {
                handler.close(this);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ServiceHandler.close failed: " + e, e);
        }
        releaseInput();
        out.clear();
        codec = null; // its held answers: a timer still due keeps this object reachable until it fires
        reportedOutputBytes = server().outputBudget().report(reportedOutputBytes, 0);
        deferred = null;
        waitingForDrain = null;
        try {
            channel.close();
        } catch (IOException ignored) {
            // already broken
        }
        loop.connectionClosed(this);
        server().connectionClosed();
    }

    private void notePending() {
        long pending = heldForOutputBytes();
        if (pending > server().outputCutOffBytes() && !cutOff) {
            // closed by afterEvent, which every callback ends in: not here, in the middle of a decode
            LOG.log(System.Logger.Level.WARNING, "closing a connection that does not read its answers: "
                    + pending + " bytes pending, over " + server().outputCutOffBytes());
            cutOff = true;
            out.clear();
            return;
        }
        loop.notePendingOutput((int) Math.min(Integer.MAX_VALUE, pending));
    }

    private void fatal(RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "connection failed: " + e, e);
        inEvent = false;
        loop.endTurn();
        close();
    }

    private static boolean isStream(Operation operation) {
        return switch (operation) {
            case Operation.Subscribe s -> true;
            case Operation.Relay r -> Operation.isStream(r.innerOp());
            default -> false;
        };
    }
}
