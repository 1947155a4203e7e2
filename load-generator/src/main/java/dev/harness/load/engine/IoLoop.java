package dev.harness.load.engine;

import static dev.harness.transport.Closeables.closeQuietly;

import dev.harness.load.client.RequestTemplate;
import dev.harness.load.client.ResponseDecoder;
import dev.harness.load.connector.Connector;
import dev.harness.load.record.ThreadCost;
import dev.harness.load.record.ThreadRecorders;
import dev.harness.transport.Channel;
import dev.harness.transport.Key;
import dev.harness.transport.Poller;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One I/O thread of the engine: a {@link Poller} over the connections pinned to it, holding them idle
 * until {@link #start} and then driving them in closed or open loop (see the package documentation),
 * recording into its own {@link ThreadRecorders} and {@link LoopCounters}.
 *
 * <p>A pass of the loop reads the clock, reads the thread's cost at the edges of the measurement window
 * ({@link CostSampler}), sends the open-loop requests that are due ({@link OpenLoop}), times out requests
 * every 100 ms ({@link InFlight}) and waits on the poller until the next of these; a ready connection is
 * written and read at once, its answers checked and completed by {@link AnswerCheck}, and each freed slot
 * goes to the {@link OpenLoop} or the {@link ClosedLoop}. The {@link Lender} lends output buffers and
 * response decoders to a connection only while it needs them. A connection the server closes (or resets,
 * or closes after an answer with {@code Connection: close}) inside the window is reopened by
 * {@link Reconnects} on this thread, its outstanding requests counted as lost by {@link LostKind}.
 *
 * <p>Invariants: a connection holds at most {@code inflight} outstanding requests; in open loop every
 * request has an intended send time from the {@link ArrivalSchedule} and its latency is completion −
 * intended, whether it waited for a free connection or not; a request is measured when its intended
 * (open) or actual (closed) send time lies in the measurement window, and every measured request enters the
 * latency histogram once: answered, at its latency; never answered, at its censored latency
 * ({@link Censoring}). Timers use {@link System#nanoTime()}.
 *
 * <p>Cost per request on the hot path: one copy of the precomputed request bytes, one O(1) act lookup,
 * two or three histogram records, a clock read per write and per read, no allocation once the lender's
 * pools are warm, and nothing that grows with the number of connections: the timeout scan and the end of
 * the run visit only connections with requests outstanding. The sends that a connection's answers trigger
 * are written right after its read (one write per connection and read), so the server works while the
 * loop reads on; open-loop sends are written once per pass. A connection costs a {@link Connection}, its
 * registration and an entry in each of up to three arrays (one while the loop holds it idle); its
 * {@link PendingRequests} is made at its first request.
 */
public final class IoLoop implements Runnable {

    /** How the loop talks to the run that owns it. */
    public interface Control {
        /** Checked often; true ends the loop at once (Ctrl-C, time limit, target dead). */
        boolean stopRequested();

        /**
         * Called once per connection the loop loses for good while the window lasts: it was closed (by the
         * peer, a reset, bytes that could not be framed or an HTTP timeout) and could not be reopened.
         */
        void connectionLost();
    }

    private static final long SCAN_INTERVAL_NANOS = 100_000_000L;
    private static final long MAX_WAIT_NANOS = 100_000_000L;
    private static final long MILLI = 1_000_000L;
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    /** Connections queued for writing before the queue is written out, within one pass. */
    private static final int WRITE_BATCH = 256;

    private final int index;
    private final Transport transport;
    private final Connector connector;
    private final ThreadRecorders recorders;
    private final Control control;
    private final LoopCounters counters = new LoopCounters();
    private final CostSampler costs = new CostSampler();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final Consumer<Key> onKey = this::onKey;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Connection[] writeQueue = new Connection[WRITE_BATCH];
    private int queued;

    private volatile Poller poller;
    private volatile Thread thread;
    private volatile RunPlan startPlan;
    private volatile ArrivalSchedule startSchedule;

    private final Connection[] connections;
    private int live;
    /** The clock of this pass, or of the read being handled. */
    private long now;

    // set by begin: what to send, and the parts that drive and check it
    private RunPlan plan;
    private RequestTemplate template;
    private InFlight inFlight;
    private AnswerCheck answers;
    private Censoring censoring;
    private Lender lender;
    private Reconnects reconnects;
    /** Exactly one of the two is set. */
    private OpenLoop openLoop;
    private ClosedLoop closedLoop;

    /**
     * @param channels  connected channels, non-blocking; the loop owns them from here on, and
     *                  {@link #closeConnections} closes them whether the loop ran or not
     * @param connector what opened them, to reopen one the server closes
     */
    public IoLoop(int index, Transport transport, Connector connector, List<Channel> channels, ThreadRecorders recorders,
                  Control control) {
        this.index = index;
        this.transport = transport;
        this.connector = connector;
        this.recorders = recorders;
        this.control = control;
        connections = new Connection[channels.size()];
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new Connection(channels.get(i), connector.sourceOf(channels.get(i)));
        }
        live = connections.length;
    }

    public String threadName() {
        return "load-io-" + index;
    }

    public LoopCounters counters() {
        return counters;
    }

    /** CPU time and context switches of this thread over the measurement window (after the thread ended). */
    public ThreadCost cost() {
        return costs.window();
    }

    /**
     * Waits until every connection of this loop is registered with its poller and held idle, or the loop
     * failed. Any thread.
     */
    public void awaitReady() throws InterruptedException {
        ready.await();
    }

    /**
     * Starts the load: the loop leaves its idle hold and drives its connections to {@code plan}. Any thread,
     * once; a loop that has stopped meanwhile ignores it.
     *
     * @param schedule the arrival schedule of this thread (open loop), or null (closed loop)
     */
    public void start(RunPlan plan, ArrivalSchedule schedule) {
        if (plan.openLoop() != (schedule != null)) {
            throw new IllegalArgumentException("an open-loop plan needs a schedule, a closed-loop plan none");
        }
        startSchedule = schedule;
        startPlan = plan;
        wakeup();
    }

    /** Wakes the loop so that it sees a start or a stop request. Any thread. */
    public void wakeup() {
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
        Poller p = poller;
        if (p != null) {
            p.wakeup();
        }
    }

    @Override
    public void run() {
        try (Poller p = transport.openPoller()) {
            thread = Thread.currentThread();
            poller = p;
            register(p);
            ready.countDown();
            if (holdIdle()) {
                begin();
                loop(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            ready.countDown();
            costs.threadEnded();
        }
    }

    /**
     * Closes this loop's connections. Called by the runner once every loop has ended and the target's costs
     * for the window have been read, not by the loop itself: a connection closed earlier ends its thread in
     * a thread-per-connection server, and that thread's context switches vanish from /proc before the
     * window's end is read.
     */
    public void closeConnections() {
        for (Connection c : connections) {
            cancelAndClose(c);
        }
    }

    private void register(Poller p) throws IOException {
        for (Connection c : connections) {
            c.key = c.channel.register(p, Key.OP_READ, c);
        }
    }

    /**
     * Holds the connections idle until {@link #start} or a stop: registered, but not read, so that the hold
     * costs nothing per connection. What a peer does meanwhile (a close, a refusal) is seen once the load
     * starts.
     *
     * @return true when started
     */
    private boolean holdIdle() {
        while (!control.stopRequested()) {
            if (startPlan != null) {
                return true;
            }
            LockSupport.parkNanos(MAX_WAIT_NANOS);
        }
        return false;
    }

    private void begin() {
        plan = startPlan;
        template = plan.template();
        censoring = new Censoring(recorders, counters);
        inFlight = new InFlight(this, plan, counters, censoring, connections.length);
        answers = new AnswerCheck(this, inFlight, plan, counters, recorders, censoring);
        lender = new Lender(plan, answers);
        reconnects = new Reconnects(this, connector, poller, counters, plan, connections.length);
        now = System.nanoTime();
        if (plan.openLoop()) {
            openLoop = new OpenLoop(this, plan, startSchedule, connections, recorders, counters, censoring);
        } else {
            closedLoop = new ClosedLoop(this, plan, control);
            closedLoop.start(connections, now);
        }
    }

    /**
     * Runs passes until a stop is requested, no connection is left, or the window has ended and every
     * answer is in (or the drain time is up); then counts the requests left unfinished or unsent, and enters
     * every measured request never answered into the latency histogram at its censored latency, from this end.
     */
    private void loop(Poller p) throws IOException {
        long nextScan = now + SCAN_INTERVAL_NANOS;
        while (true) {
            now = System.nanoTime();
            if (control.stopRequested()) {
                break;
            }
            costs.sample(now, plan);
            boolean ended = now >= plan.measureEndNanos();
            reconnects.attemptDue(now);
            if (openLoop != null) {
                openLoop.issueDue(now);
                writeQueued();
            }
            if (now >= nextScan) {
                inFlight.scanTimeouts(now);
                inFlight.releaseQuietTables();
                nextScan = now + SCAN_INTERVAL_NANOS;
            }
            if (live == 0) {
                break;
            }
            if (ended && ((inFlight.isEmpty() && (openLoop == null || openLoop.done())) || now >= plan.drainEndNanos())) {
                break;
            }
            long wakeAt = Math.min(Math.min(now + MAX_WAIT_NANOS, nextScan), costs.nextSampleNanos(plan));
            wakeAt = Math.min(wakeAt, reconnects.nextAttemptNanos());
            if (openLoop != null) {
                wakeAt = Math.min(wakeAt, openLoop.nextSendNanos());
            }
            long wait = wakeAt - now;
            if (wait < MILLI) {
                if (p.selectNow(onKey) == 0 && wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            } else {
                p.select(onKey, wait / MILLI);
            }
            writeQueued();
        }
        censoring.end(now);
        inFlight.countUnfinished();
        reconnects.end(now);
        if (openLoop != null) {
            openLoop.countDropped(now);
        }
    }

    /** Queues one request on {@code c}, which has a free slot; it is written by {@link #writeQueued}. */
    void send(Connection c, long intended) {
        long a = inFlight.issue(c, intended, now);
        Outbox out = c.out;
        if (out == null) {
            out = lender.borrowOutbox();
            c.out = out;
        }
        template.writeTo(out.bytes, a);
        out.unstamped[out.unstampedCount++] = PendingRequests.slotOf(a);
        if (!c.queued) {
            if (queued == writeQueue.length) {
                writeQueued();
            }
            c.queued = true;
            writeQueue[queued++] = c;
        }
    }

    /** A slot of {@code c} became free: the open loop offers it, the closed loop sends the next request. */
    void slotFreed(Connection c) {
        if (c.closing) {
            return;             // an answer said Connection: close: nothing more goes on this channel
        }
        if (openLoop != null) {
            openLoop.slotFreed(c, now);
        } else {
            closedLoop.slotFreed(c, now);
        }
    }

    /** Writes out every connection that {@link #send} queued since the last call. */
    void writeQueued() {
        for (int i = 0; i < queued; i++) {
            Connection c = writeQueue[i];
            writeQueue[i] = null;
            c.queued = false;
            writeOut(c);
        }
        queued = 0;
    }

    /**
     * Writes what {@code c} has waiting, stamping its new requests with the time of this write: service
     * time counts from the actual send, per connection (a batch of loopback writes takes microseconds
     * each). Once every byte is taken, the output buffer goes back to the lender.
     */
    private void writeOut(Connection c) {
        Outbox out = c.out;
        if (out == null || c.dead) {
            return;
        }
        if (out.unstampedCount > 0) {
            long written = System.nanoTime();
            boolean closed = closedLoop != null;
            for (int k = 0; k < out.unstampedCount; k++) {
                c.pending.markWritten(out.unstamped[k], written, closed);
            }
            out.unstampedCount = 0;
        }
        ByteBuffer bytes = out.bytes;
        bytes.flip();
        try {
            c.channel.write(bytes);
        } catch (IOException e) {
            bytes.compact();
            kill(c, LostKind.RESET);
            return;
        }
        bytes.compact();
        boolean left = bytes.position() > 0;
        if (!left) {
            c.out = null;
            lender.giveBack(out);
        }
        if (left != c.writeInterest) {
            c.writeInterest = left;
            c.key.interestOps(left ? Key.OP_READ | Key.OP_WRITE : Key.OP_READ);
        }
    }

    private void onKey(Key key) {
        Connection c = (Connection) key.attachment();
        if (c.dead && key.isValid()) {      // a dead connection's only valid key is its reconnect's
            reconnects.connectReady(c, System.nanoTime());
            return;
        }
        if (c.dead || !key.isValid()) {
            return;
        }
        int ready = key.readyOps();
        if ((ready & Key.OP_WRITE) != 0) {
            writeOut(c);
        }
        if ((ready & Key.OP_READ) != 0 && !c.dead) {
            read(c);
        }
    }

    private void read(Connection c) {
        now = System.nanoTime();
        ResponseDecoder decoder = c.decoder != null ? c.decoder : lender.borrowDecoder();
        c.decoder = decoder;
        answers.reading(c, now);
        ByteBuffer in = readBuffer;
        while (true) {
            int n;
            try {
                n = c.channel.read(in);
            } catch (IOException e) {
                in.clear();
                kill(c, LostKind.RESET);
                return;
            }
            if (n < 0) {
                kill(c, LostKind.CLOSED);
                return;
            }
            if (n == 0) {
                break;
            }
            in.flip();
            boolean ok = decoder.decode(in);
            in.clear();
            if (!ok) {
                c.decoder = null;       // its state cannot be trusted: not for another connection
                answers.error(ErrorKind.PROTOCOL);
                kill(c, LostKind.PROTOCOL);
                return;
            }
            if (c.dead || c.closing || n < in.capacity()) {
                break;
            }
        }
        if (decoder.betweenResponses()) {
            c.decoder = null;
            lender.giveBack(decoder);
        }
        if (c.closing) {
            kill(c, LostKind.CONNECTION_CLOSE);
            return;
        }
        writeOut(c);        // the sends its answers triggered leave now, so the server has work while we read on
    }

    /**
     * Closes {@code c} and releases its requests, each measured one counted as lost of {@code kind} (null: they
     * timed out, and were counted so); inside the window, {@link Reconnects} reopens it.
     */
    void kill(Connection c, LostKind kind) {
        if (c.dead) {
            return;
        }
        c.dead = true;
        c.closing = false;
        c.writeInterest = false;
        if (c.pending != null) {
            inFlight.releaseAll(c, kind);
        }
        if (c.out != null) {
            lender.giveBack(c.out);
            c.out = null;
        }
        c.decoder = null;
        counters.connectionsClosed++;
        cancelAndClose(c);
        if (now < plan.measureEndNanos() && !control.stopRequested()) {
            reconnects.closed(c, now);
        } else {
            live--;             // nothing more to send on it: no reconnect, and no loss to the run
        }
    }

    /** {@link Reconnects} opened a new channel for {@code c}: it takes requests again. */
    void reconnected(Connection c) {
        c.dead = false;
        for (int k = 0; k < plan.inflight() && !c.dead; k++) {
            slotFreed(c);
        }
    }

    /** {@link Reconnects} gave a connection up: it is lost for good, and the run is told. */
    void lost() {
        live--;
        counters.connectionsLost++;
        control.connectionLost();
    }

    private static void cancelAndClose(Connection c) {
        if (c.key != null) {
            c.key.cancel();
        }
        closeQuietly(c.channel);
    }
}
