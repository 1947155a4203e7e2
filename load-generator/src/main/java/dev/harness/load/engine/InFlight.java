package dev.harness.load.engine;

import dev.harness.load.client.Protocol;
import java.util.ArrayList;

/**
 * The requests in flight on one {@link IoLoop}: it issues them into their connection's
 * {@link PendingRequests} (deciding which are measured), releases them, and times them out. The connections
 * with requests outstanding are kept in an unordered array: a connection joins it at the end with its first
 * outstanding request and leaves it, swapped with the last, when its last one is released.
 *
 * <p>Invariant: the count is the sum of every connection's {@link PendingRequests#outstanding()}, and a
 * connection is in the array (at its {@link Connection#activeAt}) exactly when it has requests outstanding.
 * Cost: O(1) to issue and release, no allocation but a connection's {@link PendingRequests} when it has
 * none; the timeout scan and the count at the end visit only these connections, never the idle ones, so
 * neither grows with the connections a loop holds. One I/O thread.
 *
 * <p>Memory: a connection whose last request is released is queued, once, and at the next timeout scan its
 * table is dropped if it still has nothing in flight ({@link #releaseQuietTables}), so that a connection
 * used once and then idle keeps no table (120 bytes for one slot), which matters at millions of connections over
 * mem. A connection in a closed loop, busy again at once, keeps its table; an open-loop connection between
 * sparse requests makes a new one, one allocation per connection and scan interval at most.
 */
final class InFlight {

    private final IoLoop loop;
    private final RunPlan plan;
    private final LoopCounters counters;
    private final Censoring censoring;
    private final boolean act;
    private final Connection[] busy;
    private int busyCount;
    private long count;
    /** The connections whose last request was released since the last scan ({@link PendingRequests#quietQueued}). */
    private final ArrayList<Connection> quiet = new ArrayList<>();

    InFlight(IoLoop loop, RunPlan plan, LoopCounters counters, Censoring censoring, int connections) {
        this.loop = loop;
        this.plan = plan;
        this.counters = counters;
        this.censoring = censoring;
        this.act = plan.template().protocol() == Protocol.ACT;
        this.busy = new Connection[connections];
    }

    /**
     * Issues a request on {@code c}, which has a free slot, and returns its act. The request is measured when
     * its intended send time lies in the measurement window (a closed-loop request is intended now).
     */
    long issue(Connection c, long intended, long now) {
        boolean measured = intended >= plan.measureStartNanos() && intended < plan.measureEndNanos();
        if (c.pending == null) {
            c.pending = new PendingRequests(plan.inflight(), c.droppedGenerations());
        }
        if (!c.used) {
            c.used = true;
            counters.connectionsUsed++;
        }
        long a = c.pending.issue(intended, now, measured);
        if (c.activeAt < 0) {
            c.activeAt = busyCount;
            busy[busyCount++] = c;
        }
        count++;
        if (measured) {
            counters.sent++;
        }
        return a;
    }

    /** Frees {@code slot} of {@code c}, which is outstanding; the connection leaves the array with its last. */
    void release(Connection c, int slot) {
        c.pending.release(slot);
        count--;
        if (c.pending.outstanding() == 0) {
            Connection last = busy[--busyCount];
            busy[c.activeAt] = last;
            last.activeAt = c.activeAt;
            busy[busyCount] = null;
            c.activeAt = -1;
            if (!c.pending.quietQueued) {
                c.pending.quietQueued = true;
                quiet.add(c);
            }
        }
    }

    /**
     * Drops the ACT table of every connection queued since the last call that still has nothing in flight,
     * keeping its highest generation in {@link Connection#activeAt}; called from the timeout scan.
     */
    void releaseQuietTables() {
        for (Connection c : quiet) {
            PendingRequests p = c.pending;      // queued with its table, which only this drops
            p.quietQueued = false;
            if (p.outstanding() == 0) {
                c.activeAt = -1 - p.highestGeneration();
                c.pending = null;
            }
        }
        quiet.clear();
    }

    /**
     * Releases every request of {@code c}, which is closing; each measured one is unanswered
     * ({@link Censoring}) and counts as lost of {@code kind} and as an error
     * ({@link ErrorKind#CONNECTION_CLOSED}), unless {@code kind} is null (they timed out and were counted so).
     */
    void releaseAll(Connection c, LostKind kind) {
        PendingRequests p = c.pending;
        for (int slot = 0; slot < p.slots(); slot++) {
            if (p.isBusy(slot)) {
                if (p.measured(slot)) {
                    censoring.unanswered(p.intendedNanos(slot));
                    if (kind != null) {
                        counters.lost[kind.ordinal()]++;
                        counters.errors[ErrorKind.CONNECTION_CLOSED.ordinal()]++;
                    }
                }
                release(c, slot);
            }
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    /**
     * Times out the requests outstanding longer than the timeout. An ACT request's slot is freed (a late
     * answer is then a stale act); an HTTP connection is closed, since answers come in order and every
     * request behind a lost answer is lost too. Visits the array from its end, so that a connection leaving
     * it (its swap partner was visited already) or joining it again (at the end) is neither skipped nor
     * visited twice.
     */
    void scanTimeouts(long now) {
        long timeout = plan.timeoutNanos();
        for (int i = busyCount - 1; i >= 0; i--) {
            Connection c = busy[i];
            PendingRequests p = c.pending;
            for (int slot = 0; slot < p.slots() && !c.dead; slot++) {
                if (p.isBusy(slot) && now - p.sentNanos(slot) > timeout) {
                    if (p.measured(slot)) {
                        counters.timeouts++;
                    }
                    if (act) {
                        if (p.measured(slot)) {
                            censoring.unanswered(p.intendedNanos(slot));
                        }
                        release(c, slot);
                        loop.slotFreed(c);
                    } else {
                        for (int s = 0; s < p.slots(); s++) {
                            if (s != slot && p.isBusy(s) && p.measured(s)) {
                                counters.timeouts++;
                            }
                        }
                        loop.kill(c, null);
                    }
                }
            }
        }
    }

    /** The loop stops: counts the measured requests still outstanding as unfinished, and unanswered. */
    void countUnfinished() {
        for (int i = 0; i < busyCount; i++) {
            PendingRequests p = busy[i].pending;
            for (int slot = 0; slot < p.slots(); slot++) {
                if (p.isBusy(slot) && p.measured(slot)) {
                    counters.unfinished++;
                    censoring.unanswered(p.intendedNanos(slot));
                }
            }
        }
    }
}
