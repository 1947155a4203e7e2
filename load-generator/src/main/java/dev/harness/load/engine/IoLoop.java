package dev.harness.load.engine;

import dev.harness.load.client.ActResponseDecoder;
import dev.harness.load.client.HttpResponseDecoder;
import dev.harness.load.client.Protocol;
import dev.harness.load.client.RequestTemplate;
import dev.harness.load.client.ResponseDecoder;
import dev.harness.load.record.ThreadCost;
import dev.harness.load.record.ThreadRecorders;
import dev.harness.service.Status;
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
 * <p>Invariants: a connection holds at most {@code inflight} outstanding requests; in open loop every
 * request has an intended send time from the {@link ArrivalSchedule} and its latency is completion −
 * intended, whether it waited for a free connection or not; a request is measured when its intended
 * (open) or actual (closed) send time lies in the measurement window. Timers use {@link System#nanoTime()}.
 * Open loop hands requests to the connections with a free slot in round-robin order, so the first
 * {@code n} requests of a loop with {@code n} connections use every one of them.
 *
 * <p>Cost per request on the hot path: one copy of the precomputed request bytes, one O(1) act lookup,
 * two or three histogram records, a clock read per write and per read, no allocation once the pools below
 * are warm, and nothing that grows with the number of connections: the timeout scan (every 100 ms) and the
 * end of the run visit only connections with requests outstanding. The sends that a connection's answers
 * trigger are written right after its read (one write per connection and read), so the server works
 * while the loop reads on; open-loop sends are written once per pass.
 *
 * <p>Memory per connection: a {@link Connection} (48 bytes), one entry in each of up to three
 * arrays, and its {@link PendingRequests} once it has carried a request. Output buffers ({@link Outbox})
 * and response decoders are lent by the loop to a connection only while bytes wait to be written or an
 * answer is split across reads, and go back to a pool afterwards; the pool keeps at most 1 MiB of free
 * output buffers and 256 free decoders, anything beyond is left to the garbage collector.
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
    private static final int READ_BUFFER_BYTES = 64 * 1024;
    private static final int RETAINED_OUTBOX_BYTES = 1 << 20;
    private static final int RETAINED_DECODERS = 256;
    /** Connections queued for writing before the queue is written out, within one pass. */
    private static final int WRITE_BATCH = 256;

    private final int index;
    private final Transport transport;
    private final ThreadRecorders recorders;
    private final Control control;
    private final LoopCounters counters = new LoopCounters();
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
    private final Consumer<Key> onKey = this::onKey;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Connection[] queue = new Connection[WRITE_BATCH];
    private int queued;

    private volatile Poller poller;
    private volatile Thread thread;
    private volatile RunPlan startPlan;
    private volatile ArrivalSchedule startSchedule;

    private final Connection[] connections;
    private int live;
    private long outstanding;
    private long now;
    private boolean stopping;

    // set by start: what to send and when
    private RunPlan plan;
    private ArrivalSchedule schedule;
    private RequestTemplate template;
    private boolean act;
    private int outboxBytes;

    // the connections with requests outstanding
    private Connection[] active;
    private int activeCount;

    // open loop: the ring of connections with a free slot (each at most once) and the schedule
    private Connection[] ring;
    private int ringHead;
    private int ringSize;
    private long nextIntended;
    private boolean scheduleDone;
    private long blockedUpTo = Long.MIN_VALUE;

    // what connections borrow
    private Outbox[] freeOutboxes;
    private int freeOutboxCount;
    private final ResponseDecoder[] freeDecoders = new ResponseDecoder[RETAINED_DECODERS];
    private int freeDecoderCount;
    /** The connection whose bytes are being decoded: the decoders' listener reports to it. */
    private Connection reading;

    private volatile ThreadCost costStart;
    private volatile ThreadCost costEnd;

    /**
     * @param channels connected channels, non-blocking; the loop owns them from here on, and
     *                 {@link #closeConnections} closes them whether the loop ran or not
     */
    public IoLoop(int index, Transport transport, List<Channel> channels, ThreadRecorders recorders, Control control) {
        this.index = index;
        this.transport = transport;
        this.recorders = recorders;
        this.control = control;
        connections = new Connection[channels.size()];
        for (int i = 0; i < connections.length; i++) {
            connections[i] = new Connection(channels.get(i));
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
        ThreadCost start = costStart;
        ThreadCost end = costEnd;
        return start == null || end == null ? ThreadCost.ZERO : end.minus(start);
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
        for (Connection c : connections) {
            closeQuietly(c);
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
        while (true) {
            if (control.stopRequested()) {
                stopping = true;
                return false;
            }
            if (startPlan != null) {
                return true;
            }
            LockSupport.parkNanos(MAX_WAIT_NANOS);
        }
    }

    private void begin() {
        plan = startPlan;
        schedule = startSchedule;
        template = plan.template();
        act = template.protocol() == Protocol.ACT;
        outboxBytes = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(4096L, (long) plan.inflight() * template.bytes().length));
        freeOutboxes = new Outbox[Math.max(1, RETAINED_OUTBOX_BYTES / outboxBytes)];
        active = new Connection[connections.length];
        now = System.nanoTime();
        if (plan.openLoop()) {
            ring = new Connection[connections.length];
            for (Connection c : connections) {
                if (!c.dead) {
                    enqueueFree(c);
                }
            }
            nextIntended = plan.runStartNanos() + schedule.nextOffsetNanos();
        } else {
            for (Connection c : connections) {
                for (int k = 0; k < plan.inflight() && !c.dead; k++) {
                    send(c, now);
                }
                writeQueued();
            }
        }
    }

    private void loop(Poller p) throws IOException {
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
                writeQueued();
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
            if (plan.openLoop() && !scheduleDone && ringSize > 0) {
                wakeAt = Math.min(wakeAt, nextIntended);
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
        finish();
    }

    /** Open loop: sends every request whose intended time has come, while a connection is free. */
    private void issueDue() {
        while (!scheduleDone && nextIntended <= now) {
            if (nextIntended >= plan.measureEndNanos() || stopping) {
                scheduleDone = true;
                return;
            }
            Connection c = takeFree();
            if (c == null) {
                blockedUpTo = now;       // every request due by now waits for a connection: not the generator's lag
                return;
            }
            long intended = nextIntended;
            send(c, intended);
            if (c.pending.hasFreeSlot()) {
                enqueueFree(c);          // round robin: its next free slot waits behind every other connection
            }
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

    /** Queues one request on {@code c}, which has a free slot; it is written by {@link #writeQueued}. */
    private void send(Connection c, long intended) {
        boolean measured = plan.openLoop()
                ? intended >= plan.measureStartNanos() && intended < plan.measureEndNanos()
                : now >= plan.measureStartNanos() && now < plan.measureEndNanos();
        if (c.pending == null) {
            c.pending = new PendingRequests(plan.inflight());
        }
        if (!c.used) {
            c.used = true;
            counters.connectionsUsed++;
        }
        long a = c.pending.issue(intended, now, measured);
        if (c.activeAt < 0) {
            c.activeAt = activeCount;
            active[activeCount++] = c;
        }
        Outbox out = c.out;
        if (out == null) {
            out = borrowOutbox();
            c.out = out;
        }
        template.writeTo(out.bytes, a);
        out.unstamped[out.unstampedCount++] = PendingRequests.slotOf(a);
        outstanding++;
        if (measured) {
            counters.sent++;
        }
        if (!c.queued) {
            if (queued == queue.length) {
                writeQueued();
            }
            c.queued = true;
            queue[queued++] = c;
        }
    }

    private void writeQueued() {
        for (int i = 0; i < queued; i++) {
            Connection c = queue[i];
            queue[i] = null;
            c.queued = false;
            writeOut(c);
        }
        queued = 0;
    }

    /**
     * Writes what {@code c} has waiting, stamping its new requests with the time of this write: service
     * time counts from the actual send, per connection (a batch of loopback writes takes microseconds
     * each). Once every byte is taken, the output buffer goes back to the pool.
     */
    private void writeOut(Connection c) {
        Outbox out = c.out;
        if (out == null || c.dead) {
            return;
        }
        if (out.unstampedCount > 0) {
            long written = System.nanoTime();
            boolean closed = !plan.openLoop();
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
            kill(c, true);
            return;
        }
        bytes.compact();
        boolean left = bytes.position() > 0;
        if (!left) {
            c.out = null;
            giveBack(out);
        }
        if (left != c.writeInterest) {
            c.writeInterest = left;
            c.key.interestOps(left ? Key.OP_READ | Key.OP_WRITE : Key.OP_READ);
        }
    }

    private void onKey(Key key) {
        Connection c = (Connection) key.attachment();
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
        ResponseDecoder decoder = c.decoder != null ? c.decoder : borrowDecoder();
        c.decoder = decoder;
        reading = c;
        ByteBuffer in = readBuffer;
        while (true) {
            int n;
            try {
                n = c.channel.read(in);
            } catch (IOException e) {
                in.clear();
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
            boolean ok = decoder.decode(in);
            in.clear();
            if (!ok) {
                c.decoder = null;       // its state cannot be trusted: not for another connection
                error(ErrorKind.PROTOCOL);
                kill(c, true);
                return;
            }
            if (c.dead || n < in.capacity()) {
                break;
            }
        }
        if (decoder.betweenResponses()) {
            c.decoder = null;
            giveBack(decoder);
        }
        writeOut(c);        // the sends its answers triggered leave now, so the server has work while we read on
    }

    private void onFrame(long a, byte op, byte status, int payloadBytes) {
        Connection c = reading;
        PendingRequests p = c.pending;
        if (a == 0 && status == Status.ERROR.code()) {
            error(ErrorKind.CONNECTION_ERROR); // acts start at generation 1: act 0 is never a request's
            return;
        }
        int slot = p == null ? PendingRequests.UNKNOWN : p.lookup(a);
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

    private void onResponse(int statusCode, long bodyBytes, int chunks) {
        Connection c = reading;
        int slot = c.pending == null ? -1 : c.pending.oldest();
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
        release(c, slot);
        replenish(c);
    }

    private void release(Connection c, int slot) {
        c.pending.release(slot);
        outstanding--;
        if (c.pending.outstanding() == 0) {
            Connection last = active[--activeCount];
            active[c.activeAt] = last;
            last.activeAt = c.activeAt;
            active[activeCount] = null;
            c.activeAt = -1;
        }
    }

    /** A slot of {@code c} became free: closed loop sends the next request, open loop offers the slot. */
    private void replenish(Connection c) {
        if (plan.openLoop()) {
            if (!c.inRing) {
                if (ringSize == 0) {
                    blockedUpTo = now;   // no connection was free until now: requests intended before waited
                }
                enqueueFree(c);
            }
        } else if (now < plan.measureEndNanos() && !stopping && !control.stopRequested()) {
            send(c, now);
        }
    }

    /**
     * Times out requests outstanding longer than the timeout. Visits the connections with requests
     * outstanding only, from the end of the list, so that one leaving it (its swap partner was visited
     * already) or joining it again (at the end) is neither skipped nor visited twice.
     */
    private void scanTimeouts() {
        long timeout = plan.timeoutNanos();
        for (int i = activeCount - 1; i >= 0; i--) {
            Connection c = active[i];
            PendingRequests p = c.pending;
            for (int slot = 0; slot < p.slots() && !c.dead; slot++) {
                if (p.isBusy(slot) && now - p.sentNanos(slot) > timeout) {
                    if (p.measured(slot)) {
                        counters.timeouts++;
                    }
                    if (act) {
                        release(c, slot);        // a late answer is then a stale act
                        replenish(c);
                    } else {
                        // HTTP answers in order: the connection is unusable behind a lost answer
                        for (int s = 0; s < p.slots(); s++) {
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
        if (p != null) {
            for (int slot = 0; slot < p.slots(); slot++) {
                if (p.isBusy(slot)) {
                    if (countLost && p.measured(slot) && !stopping) {
                        counters.errors[ErrorKind.CONNECTION_CLOSED.ordinal()]++;
                    }
                    release(c, slot);
                }
            }
        }
        if (c.out != null) {
            giveBack(c.out);
            c.out = null;
        }
        c.decoder = null;
        counters.connectionsClosed++;
        closeQuietly(c);
        if (!stopping) {
            control.connectionLost();
        }
    }

    private void finish() {
        for (int i = 0; i < activeCount; i++) {
            PendingRequests p = active[i].pending;
            for (int slot = 0; slot < p.slots(); slot++) {
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

    private void enqueueFree(Connection c) {
        ring[(ringHead + ringSize) % ring.length] = c;
        ringSize++;
        c.inRing = true;
    }

    private Connection takeFree() {
        while (ringSize > 0) {
            Connection c = ring[ringHead];
            ring[ringHead] = null;
            ringHead = (ringHead + 1) % ring.length;
            ringSize--;
            c.inRing = false;
            if (!c.dead) {
                return c;
            }
        }
        return null;
    }

    private Outbox borrowOutbox() {
        if (freeOutboxCount > 0) {
            Outbox out = freeOutboxes[--freeOutboxCount];
            freeOutboxes[freeOutboxCount] = null;
            return out;
        }
        return new Outbox(outboxBytes, plan.inflight());
    }

    private void giveBack(Outbox out) {
        if (freeOutboxCount < freeOutboxes.length) {
            out.clear();
            freeOutboxes[freeOutboxCount++] = out;
        }
    }

    private ResponseDecoder borrowDecoder() {
        if (freeDecoderCount > 0) {
            ResponseDecoder decoder = freeDecoders[--freeDecoderCount];
            freeDecoders[freeDecoderCount] = null;
            return decoder;
        }
        return act ? new ActResponseDecoder(plan.maxPayloadBytes(), this::onFrame) : new HttpResponseDecoder(this::onResponse);
    }

    private void giveBack(ResponseDecoder decoder) {
        if (freeDecoderCount < freeDecoders.length) {
            freeDecoders[freeDecoderCount++] = decoder;
        }
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
