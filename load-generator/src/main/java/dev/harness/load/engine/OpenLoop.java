package dev.harness.load.engine;

import dev.harness.load.record.ThreadRecorders;

/**
 * The open loop of one {@link IoLoop}: its {@link ArrivalSchedule} of intended send times and a ring of the
 * connections with a free slot, to which due requests are handed in round-robin order. A request is due
 * at its intended time whether or not a connection is free; when none is, it waits, its latency still
 * counts from its intended time, and its lag (actual − intended send) is recorded. Lag of a request that
 * had a free connection at its intended time is recorded apart as the generator's own.
 *
 * <p>Invariants: each connection is in the ring at most once ({@link Connection#inRing}); a connection
 * that takes a request and still has a free slot goes to the back, so the first {@code n} requests use
 * all {@code n} connections; no request intended at or after the measurement's end is sent, and those
 * intended inside the window but never sent count as dropped (and unanswered, {@link Censoring}). Cost per
 * request: one ring step, one schedule step, up to two histogram records, no allocation.
 */
final class OpenLoop {

    private final IoLoop loop;
    private final RunPlan plan;
    private final ArrivalSchedule schedule;
    private final ThreadRecorders recorders;
    private final LoopCounters counters;
    private final Censoring censoring;
    private final Connection[] ring;
    private int ringHead;
    private int ringSize;
    private long nextIntended;
    private boolean scheduleDone;
    /** Requests intended up to this time found no connection free: their lag is not the generator's own. */
    private long blockedUpTo = Long.MIN_VALUE;

    /** Puts every connection in the ring, in order, and fixes the first intended time. */
    OpenLoop(IoLoop loop, RunPlan plan, ArrivalSchedule schedule, Connection[] connections,
             ThreadRecorders recorders, LoopCounters counters, Censoring censoring) {
        this.loop = loop;
        this.plan = plan;
        this.schedule = schedule;
        this.recorders = recorders;
        this.counters = counters;
        this.censoring = censoring;
        ring = new Connection[connections.length];
        for (Connection c : connections) {
            enqueue(c);
        }
        nextIntended = plan.runStartNanos() + schedule.nextOffsetNanos();
    }

    /** Sends every request whose intended time has come, while a connection is free. */
    void issueDue(long now) {
        while (!scheduleDone && nextIntended <= now) {
            if (nextIntended >= plan.measureEndNanos()) {
                scheduleDone = true;
                return;
            }
            Connection c = takeFree();
            if (c == null) {
                blockedUpTo = now;       // every request due by now waits for a connection: not the generator's lag
                return;
            }
            long intended = nextIntended;
            loop.send(c, intended);
            if (c.pending.hasFreeSlot()) {
                enqueue(c);              // round robin: its next free slot waits behind every other connection
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

    /** A slot of {@code c} became free at {@code now}: {@code c} joins the ring unless it is in it. */
    void slotFreed(Connection c, long now) {
        if (!c.inRing) {
            if (ringSize == 0) {
                blockedUpTo = now;   // no connection was free until now: requests intended before waited
            }
            enqueue(c);
        }
    }

    /** The next time a request is due and a connection is free, or {@link Long#MAX_VALUE}. */
    long nextSendNanos() {
        return !scheduleDone && ringSize > 0 ? nextIntended : Long.MAX_VALUE;
    }

    /** Every request of the window has been sent, or the loop has stopped. */
    boolean done() {
        return scheduleDone;
    }

    /**
     * The loop stops at {@code now}: the requests intended in the window up to now but never sent are dropped,
     * and unanswered.
     */
    void countDropped(long now) {
        if (scheduleDone) {
            return;
        }
        long until = Math.min(now, plan.measureEndNanos());
        long intended = nextIntended;
        while (intended < until) {
            if (intended >= plan.measureStartNanos()) {
                counters.dropped++;
                censoring.unanswered(intended);
            }
            intended = plan.runStartNanos() + schedule.nextOffsetNanos();
        }
        scheduleDone = true;
    }

    private void enqueue(Connection c) {
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
}
