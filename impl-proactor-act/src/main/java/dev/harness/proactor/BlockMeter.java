package dev.harness.proactor;

import dev.harness.server.LoopBlocking;

/**
 * Measures how long the calls a {@link Proactor} makes into application code hold its loop thread: every
 * completion dispatched and every task run is timed, and one that lasts at least the threshold is counted
 * and its duration summed. A handler that blocks (a sleep, a JDBC call, a file read on the loop) thus shows
 * as time blocked per loop instead of as an unexplained slowness of every connection on it, as Vert.x's
 * blocked-thread checker reports it.
 *
 * <p>Cost: one {@link System#nanoTime()} per call (the end of one call is the start of the next), three
 * plain writes when a call counts. Written by the loop thread only; {@link #snapshot} may be read from any
 * thread (volatile fields; a snapshot taken mid-update may pair a new count with an old sum, by one call).
 */
final class BlockMeter {

    private final String loop;
    private final long thresholdNanos;
    private volatile long slowCalls;
    private volatile long blockedNanos;
    private volatile long longestNanos;

    /** @param thresholdNanos a call at least this long counts; 0 counts none */
    BlockMeter(String loop, long thresholdNanos) {
        this.loop = loop;
        this.thresholdNanos = thresholdNanos;
    }

    /** Records a call that lasted {@code nanos}. Loop thread only. */
    void record(long nanos) {
        if (thresholdNanos == 0 || nanos < thresholdNanos) {
            return;
        }
        slowCalls = slowCalls + 1;
        blockedNanos = blockedNanos + nanos;
        if (nanos > longestNanos) {
            longestNanos = nanos;
        }
    }

    LoopBlocking snapshot() {
        return new LoopBlocking(loop, thresholdNanos, slowCalls, blockedNanos, longestNanos);
    }
}
