package dev.harness.load.engine;

import dev.harness.load.client.ActResponseDecoder;
import dev.harness.load.client.HttpResponseDecoder;
import dev.harness.load.client.Protocol;
import dev.harness.load.client.RequestTemplate;
import dev.harness.load.record.ThreadCost;
import dev.harness.load.record.ThreadRecorders;
import dev.harness.service.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * One I/O thread of the engine: a {@link Selector} over the connections pinned to it, driving them in
 * closed or open loop (see the package documentation) and recording into its own {@link ThreadRecorders}
 * and {@link LoopCounters}.
 *
 * <p>Invariants: a connection holds at most {@code inflight} outstanding requests; in open loop every
 * request has an intended send time from the {@link ArrivalSchedule} and its latency is completion −
 * intended, whether it waited for a free connection or not; a request is measured when its intended
 * (open) or actual (closed) send time lies in the measurement window. Timers use {@link System#nanoTime()}.
 *
 * <p>Cost per request on the hot path: one copy of the precomputed request bytes, one O(1) act lookup,
 * two or three histogram records, a clock read per write and per read, no allocation. The sends that a
 * connection's answers trigger are written right after its read (one write per connection and read), so
 * the server works while the loop reads on; open-loop sends are written once per pass.
 */
public final class IoLoop implements Runnable {

    /** How the loop talks to the run that owns it. */
    public interface Control {
        /** Checked often; true ends the loop at once (Ctrl-C, time limit, target dead). */
        boolean stopRequested();

        /** Called once per connection that the peer closes or resets. */
        void connectionLost();
    }

    private static final long SCAN_INTERVAL_NANOS = 100_000_000L;
    private static final long MAX_WAIT_NANOS = 100_000_000L;
    private static final long MILLI = 1_000_000L;

    private final int index;
    private final RunPlan plan;
    private final List<SocketChannel> channels;
    private final ThreadRecorders recorders;
    private final ArrivalSchedule schedule;
    private final Control control;
    private final LoopCounters counters = new LoopCounters();
    private final RequestTemplate template;
    private final boolean act;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private final Consumer<SelectionKey> onKey = this::onKey;

    private volatile Selector selector;
    private Connection[] connections;
    private int live;
    private long outstanding;
    private long now;
    private boolean stopping;

    // open loop: the ring of connections with a free slot (one entry per free slot) and the schedule
    private int[] freeRing;
    private int freeHead;
    private int freeSize;
    private long nextIntended;
    private boolean scheduleDone;
    private long blockedUpTo = Long.MIN_VALUE;

    private Connection[] dirty;
    private int dirtyCount;

    private volatile ThreadCost costStart;
    private volatile ThreadCost costEnd;

    /**
     * @param schedule the arrival schedule of this thread (open loop), or null (closed loop)
     */
    public IoLoop(int index, RunPlan plan, List<SocketChannel> channels, ThreadRecorders recorders,
                  ArrivalSchedule schedule, Control control) {
        if (plan.openLoop() != (schedule != null)) {
            throw new IllegalArgumentException("an open-loop plan needs a schedule, a closed-loop plan none");
        }
        this.index = index;
        this.plan = plan;
        this.channels = List.copyOf(channels);
        this.recorders = recorders;
        this.schedule = schedule;
        this.control = control;
        this.template = plan.template();
        this.act = template.protocol() == Protocol.ACT;
    }

    public String threadName() {
        return "load-io-" + index;
    }

    public LoopCounters counters() {
        return counters;
    }

    /** CPU time and context switches of this thread over the measurement window (after the thread ended). */
    public ThreadCost cost() {
        ThreadCost start = costStart;
        ThreadCost end = costEnd;
        return start == null || end == null ? ThreadCost.ZERO : end.minus(start);
    }

    /** Wakes the loop so that it sees a stop request. */
    public void wakeup() {
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
    }

    @Override
    public void run() {
        try (Selector sel = Selector.open()) {
            selector = sel;
            setUp(sel);
            loop(sel);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            if (costEnd == null) {
                costEnd = ThreadCost.current();
            }
            if (costStart == null) {
                costStart = costEnd;
            }
        }
    }

    /**
     * Closes this loop's connections. Called by the runner once every loop has ended and the target's costs
     * for the window have been read, not by the loop itself: a connection closed earlier ends its thread in
     * a thread-per-connection server, and that thread's context switches vanish from /proc before the
     * window's end is read.
     */
    public void closeConnections() {
        if (connections != null) {
            for (Connection c : connections) {
                closeQuietly(c);
            }
        }
    }

    private void setUp(Selector sel) throws IOException {
        int n = channels.size();
        connections = new Connection[n];
        dirty = new Connection[n];
        for (int i = 0; i < n; i++) {
            Connection c = new Connection(i, channels.get(i), plan.inflight(), template.bytes().length);
            c.channel.configureBlocking(false);
            c.key = c.channel.register(sel, SelectionKey.OP_READ, c);
            c.decoder = act
                    ? new ActResponseDecoder(plan.maxPayloadBytes(), (a, op, st, len) -> onFrame(c, a, op, st, len))::decode
                    : new HttpResponseDecoder((code, body, chunks) -> onResponse(c, code, body, chunks))::decode;
            connections[i] = c;
        }
        live = n;
        now = System.nanoTime();
        if (plan.openLoop()) {
            freeRing = new int[n * plan.inflight()];
            for (int k = 0; k < plan.inflight(); k++) {
                for (int i = 0; i < n; i++) {
                    pushFree(i);
                }
            }
            nextIntended = plan.runStartNanos() + schedule.nextOffsetNanos();
        } else {
            for (Connection c : connections) {
                for (int k = 0; k < plan.inflight(); k++) {
                    send(c, now);
                }
            }
            flushDirty();
        }
    }

    private void loop(Selector sel) throws IOException {
        long nextScan = now + SCAN_INTERVAL_NANOS;
        while (true) {
            now = System.nanoTime();
            if (control.stopRequested()) {
                stopping = true;
                break;
            }
            if (costStart == null && now >= plan.measureStartNanos()) {
                costStart = ThreadCost.current();
            }
            boolean ended = now >= plan.measureEndNanos();
            if (ended && costEnd == null) {
                costEnd = ThreadCost.current();
            }
            if (plan.openLoop()) {
                issueDue();
                flushDirty();
            }
            if (now >= nextScan) {
                scanTimeouts();
                nextScan = now + SCAN_INTERVAL_NANOS;
            }
            if (live == 0) {
                break;
            }
            if (ended && ((outstanding == 0 && (!plan.openLoop() || scheduleDone)) || now >= plan.drainEndNanos())) {
                break;
            }
            long wakeAt = Math.min(now + MAX_WAIT_NANOS, nextScan);
            if (costStart == null) {
                wakeAt = Math.min(wakeAt, plan.measureStartNanos());
            }
            if (!ended) {
                wakeAt = Math.min(wakeAt, plan.measureEndNanos());
            }
            if (plan.openLoop() && !scheduleDone && freeSize > 0) {
                wakeAt = Math.min(wakeAt, nextIntended);
            }
            long wait = wakeAt - now;
            if (wait < MILLI) {
                if (sel.selectNow(onKey) == 0 && wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            } else {
                sel.select(onKey, wait / MILLI);
            }
            flushDirty();
        }
        finish();
    }

    /** Open loop: sends every request whose intended time has come, while a connection is free. */
    private void issueDue() {
        while (!scheduleDone && nextIntended <= now) {
            if (nextIntended >= plan.measureEndNanos() || stopping) {
                scheduleDone = true;
                return;
            }
            Connection c = popFree();
            if (c == null) {
                blockedUpTo = now;       // every request due by now waits for a connection: not the generator's lag
                return;
            }
            long intended = nextIntended;
            send(c, intended);
            if (intended >= plan.measureStartNanos()) {
                long lag = now - intended;
                recorders.lag.recordValue(lag);
                if (intended > blockedUpTo) {
                    recorders.ownLag.recordValue(lag);
                }
                if (lag > plan.lateNanos()) {
                    counters.lateSends++;
                }
            }
            nextIntended = plan.runStartNanos() + schedule.nextOffsetNanos();
        }
    }

    private void send(Connection c, long intended) {
        boolean measured = plan.openLoop()
                ? intended >= plan.measureStartNanos() && intended < plan.measureEndNanos()
                : now >= plan.measureStartNanos() && now < plan.measureEndNanos();
        long a = c.pending.issue(intended, now, measured);
        template.writeTo(c.out, a);
        c.unwritten[c.unwrittenCount++] = PendingRequests.slotOf(a);
        outstanding++;
        if (measured) {
            counters.sent++;
        }
        c.dirty = true;
        if (!c.queued) {
            c.queued = true;
            dirty[dirtyCount++] = c;
        }
    }

    private void flushDirty() {
        for (int i = 0; i < dirtyCount; i++) {
            Connection c = dirty[i];
            dirty[i] = null;
            c.queued = false;
            writeOut(c);
        }
        dirtyCount = 0;
    }

    /**
     * Writes what {@code c} has queued, stamping its new requests with the time of this write: service
     * time counts from the actual send, per connection (a batch of loopback writes takes microseconds
     * each).
     */
    private void writeOut(Connection c) {
        if (!c.dirty || c.dead) {
            return;
        }
        if (c.unwrittenCount > 0) {
            long written = System.nanoTime();
            boolean closed = !plan.openLoop();
            for (int k = 0; k < c.unwrittenCount; k++) {
                c.pending.markWritten(c.unwritten[k], written, closed);
            }
            c.unwrittenCount = 0;
        }
        flush(c);
    }

    private void flush(Connection c) {
        c.dirty = false;
        ByteBuffer out = c.out;
        out.flip();
        try {
            c.channel.write(out);
        } catch (IOException e) {
            out.clear();
            kill(c, true);
            return;
        }
        out.compact();
        boolean pending = out.position() > 0;
        if (pending != c.writeInterest) {
            c.writeInterest = pending;
            c.key.interestOps(pending ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    private void onKey(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        if (c.dead || !key.isValid()) {
            return;
        }
        int ready = key.readyOps();
        if ((ready & SelectionKey.OP_WRITE) != 0) {
            if (c.dirty) {
                writeOut(c);
            } else {
                flush(c);
            }
        }
        if ((ready & SelectionKey.OP_READ) != 0 && !c.dead) {
            read(c);
        }
    }

    private void read(Connection c) {
        now = System.nanoTime();
        ByteBuffer in = readBuffer;
        while (true) {
            int n;
            try {
                n = c.channel.read(in);
            } catch (IOException e) {
                kill(c, true);
                return;
            }
            if (n < 0) {
                kill(c, true);
                return;
            }
            if (n == 0) {
                break;
            }
            in.flip();
            boolean ok = c.decoder.decode(in);
            in.clear();
            if (!ok) {
                error(ErrorKind.PROTOCOL);
                kill(c, true);
                return;
            }
            if (c.dead || n < in.capacity()) {
                break;
            }
        }
        writeOut(c);        // the sends its answers triggered leave now, so the server has work while we read on
    }

    private void onFrame(Connection c, long a, byte op, byte status, int payloadBytes) {
        PendingRequests p = c.pending;
        if (a == 0 && status == Status.ERROR.code()) {
            error(ErrorKind.CONNECTION_ERROR); // acts start at generation 1: act 0 is never a request's
            return;
        }
        int slot = p.lookup(a);
        if (slot < 0) {
            error(slot == PendingRequests.STALE ? ErrorKind.STALE_ACT : ErrorKind.UNKNOWN_ACT);
            return;
        }
        if (op != template.op()) {
            error(ErrorKind.WRONG_OP);
            complete(c, slot, false);
        } else if (status == Status.ERROR.code()) {
            error(ErrorKind.ERROR_STATUS);
            complete(c, slot, false);
        } else if (template.expectedBytes() >= 0 && payloadBytes != template.expectedBytes()) {
            error(ErrorKind.WRONG_SIZE);
            complete(c, slot, false);
        } else if (template.expectedFrames() > 1) {
            int frames = p.addFrame(slot);
            if (p.measured(slot)) {
                counters.events++;
            }
            boolean last = status == Status.LAST.code();
            if (last || frames >= template.expectedFrames()) {
                boolean right = last && frames == template.expectedFrames();
                if (!right) {
                    error(ErrorKind.WRONG_FRAMES);
                }
                complete(c, slot, right);
            }
        } else {
            complete(c, slot, true);
        }
    }

    private void onResponse(Connection c, int statusCode, long bodyBytes, int chunks) {
        int slot = c.pending.oldest();
        if (slot < 0) {
            error(ErrorKind.UNEXPECTED_RESPONSE);
            return;
        }
        if (c.pending.measured(slot)) {
            counters.events += chunks;
        }
        if (statusCode != 200) {
            error(ErrorKind.HTTP_STATUS);
            complete(c, slot, false);
        } else if (template.expectedBytes() >= 0 && bodyBytes != template.expectedBytes()) {
            error(ErrorKind.WRONG_SIZE);
            complete(c, slot, false);
        } else if (template.expectedFrames() > 0 && chunks != template.expectedFrames()) {
            error(ErrorKind.WRONG_FRAMES);
            complete(c, slot, false);
        } else {
            complete(c, slot, true);
        }
    }

    private void complete(Connection c, int slot, boolean ok) {
        PendingRequests p = c.pending;
        if (p.measured(slot)) {
            if (act && p.overtakes(slot)) {
                counters.outOfOrder++;
            }
            if (ok) {
                counters.completed++;
                recorders.latency.recordValue(now - p.intendedNanos(slot));
                recorders.service.recordValue(now - p.sentNanos(slot));
            }
        }
        p.release(slot);
        outstanding--;
        replenish(c);
    }

    /** A slot of {@code c} became free: closed loop sends the next request, open loop offers the slot. */
    private void replenish(Connection c) {
        if (plan.openLoop()) {
            pushFree(c.index);
        } else if (now < plan.measureEndNanos() && !stopping && !control.stopRequested()) {
            send(c, now);
        }
    }

    private void scanTimeouts() {
        long timeout = plan.timeoutNanos();
        for (Connection c : connections) {
            PendingRequests p = c.pending;
            if (c.dead || p.outstanding() == 0) {
                continue;
            }
            for (int slot = 0; slot < p.capacity() && !c.dead; slot++) {
                if (p.isBusy(slot) && now - p.sentNanos(slot) > timeout) {
                    if (p.measured(slot)) {
                        counters.timeouts++;
                    }
                    if (act) {
                        p.release(slot);        // a late answer is then a stale act
                        outstanding--;
                        replenish(c);
                    } else {
                        // HTTP answers in order: the connection is unusable behind a lost answer
                        for (int s = 0; s < p.capacity(); s++) {
                            if (s != slot && p.isBusy(s) && p.measured(s)) {
                                counters.timeouts++;
                            }
                        }
                        kill(c, false);
                    }
                }
            }
        }
    }

    private void kill(Connection c, boolean countLost) {
        if (c.dead) {
            return;
        }
        c.dead = true;
        live--;
        PendingRequests p = c.pending;
        for (int slot = 0; slot < p.capacity(); slot++) {
            if (p.isBusy(slot)) {
                if (countLost && p.measured(slot) && !stopping) {
                    counters.errors[ErrorKind.CONNECTION_CLOSED.ordinal()]++;
                }
                p.release(slot);
                outstanding--;
            }
        }
        counters.connectionsClosed++;
        closeQuietly(c);
        if (!stopping) {
            control.connectionLost();
        }
    }

    private void finish() {
        for (Connection c : connections) {
            PendingRequests p = c.pending;
            if (c.dead) {
                continue;
            }
            for (int slot = 0; slot < p.capacity(); slot++) {
                if (p.isBusy(slot) && p.measured(slot)) {
                    counters.unfinished++;
                }
            }
        }
        if (plan.openLoop() && !scheduleDone) {
            long until = Math.min(now, plan.measureEndNanos());
            long intended = nextIntended;
            while (intended < until) {
                if (intended >= plan.measureStartNanos()) {
                    counters.dropped++;
                }
                intended = plan.runStartNanos() + schedule.nextOffsetNanos();
            }
            scheduleDone = true;
        }
    }

    private void error(ErrorKind kind) {
        if (now >= plan.measureStartNanos()) {
            counters.errors[kind.ordinal()]++;
        }
    }

    private void pushFree(int connection) {
        if (freeSize == 0) {
            blockedUpTo = now;       // the pool was empty until now: requests intended before waited for it
        }
        freeRing[(freeHead + freeSize) % freeRing.length] = connection;
        freeSize++;
    }

    private Connection popFree() {
        while (freeSize > 0) {
            Connection c = connections[freeRing[freeHead]];
            freeHead = (freeHead + 1) % freeRing.length;
            freeSize--;
            if (!c.dead) {
                return c;
            }
        }
        return null;
    }

    private static void closeQuietly(Connection c) {
        try {
            if (c.key != null) {
                c.key.cancel();
            }
            c.channel.close();
        } catch (IOException ignored) {
            // closing: nothing to do
        }
    }
}
