package dev.harness.load.engine;

import dev.harness.load.record.ThreadCost;

/**
 * The CPU time and context switches of one I/O thread over the measurement window: the thread reads its own
 * {@link ThreadCost} when its clock first passes the window's start and again when it first passes the
 * window's end, or when the thread ends, whichever comes first.
 *
 * <p>Invariant: each edge is read once, by the I/O thread; a thread that ends before the window begins
 * reports no use (both edges are the one reading at its end). Cost: two null checks per pass of the loop,
 * and one {@link ThreadCost#current} per edge, never per request.
 */
final class CostSampler {

    private volatile ThreadCost atStart;
    private volatile ThreadCost atEnd;

    /** Reads the cost at each edge of the window that {@code now} has passed for the first time. */
    void sample(long now, RunPlan plan) {
        if (atStart == null && now >= plan.measureStartNanos()) {
            atStart = ThreadCost.current();
        }
        if (atEnd == null && now >= plan.measureEndNanos()) {
            atEnd = ThreadCost.current();
        }
    }

    /** The next time the loop must wake to read an edge, or {@link Long#MAX_VALUE} once both are read. */
    long nextSampleNanos(RunPlan plan) {
        if (atStart == null) {
            return plan.measureStartNanos();
        }
        return atEnd == null ? plan.measureEndNanos() : Long.MAX_VALUE;
    }

    /** The thread ends: an edge not yet read is read now. */
    void threadEnded() {
        if (atEnd == null) {
            atEnd = ThreadCost.current();
        }
        if (atStart == null) {
            atStart = atEnd;
        }
    }

    /** The cost between the two edges; {@link ThreadCost#ZERO} until both are read. */
    ThreadCost window() {
        ThreadCost start = atStart;
        ThreadCost end = atEnd;
        return start == null || end == null ? ThreadCost.ZERO : end.minus(start);
    }
}
