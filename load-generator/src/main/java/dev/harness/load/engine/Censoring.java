package dev.harness.load.engine;

import dev.harness.load.record.ThreadRecorders;
import java.util.Arrays;

/**
 * The measured requests of one I/O thread that were never answered right — dropped (never sent), failed,
 * timed out, lost with their connection, or still outstanding when the loop stopped — each entered into the
 * latency histogram at its <em>censored</em> latency: the end of the loop's drain minus its intended send
 * time. The true latency of such a request is at least that, so a tail that holds censored values is a
 * lower bound, never better than the truth; and with every answered request recorded at its own latency,
 * the latency histogram counts every measured request once. Each censored value is recorded in
 * {@link ThreadRecorders#censored} too, so that answered-only latency is the difference.
 *
 * <p>A request that ends unanswered before the drain does is kept (its intended time, 8 bytes) until
 * {@link #end}; one that ends after it (the count of unfinished and dropped requests at the end) is recorded
 * at once. Cost: an array append per unanswered request; nothing on the path of an answered one. One I/O
 * thread.
 */
final class Censoring {

    private final ThreadRecorders recorders;
    private final LoopCounters counters;
    private long[] intended = new long[16];
    private int kept;
    private boolean ended;
    private long endNanos;

    Censoring(ThreadRecorders recorders, LoopCounters counters) {
        this.recorders = recorders;
        this.counters = counters;
    }

    /** A measured request intended at {@code intendedNanos} will never be answered right. */
    void unanswered(long intendedNanos) {
        counters.unanswered++;
        if (ended) {
            record(intendedNanos);
            return;
        }
        if (kept == intended.length) {
            intended = Arrays.copyOf(intended, kept * 2);
        }
        intended[kept++] = intendedNanos;
    }

    /** The drain ended at {@code nanos}: every request kept is recorded, and any later one at once. */
    void end(long nanos) {
        ended = true;
        endNanos = nanos;
        for (int i = 0; i < kept; i++) {
            record(intended[i]);
        }
        kept = 0;
        intended = new long[0];
    }

    private void record(long intendedNanos) {
        long censored = Math.max(0, endNanos - intendedNanos);
        recorders.latency.recordValue(censored);
        recorders.censored.recordValue(censored);
    }
}
