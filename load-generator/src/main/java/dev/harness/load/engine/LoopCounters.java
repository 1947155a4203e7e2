package dev.harness.load.engine;

/**
 * The counts of one I/O thread. Written only by that thread with plain stores (no fences on the hot path);
 * other threads read them approximately for progress lines and exactly after the thread has been joined.
 * The request counts cover requests of the measured window only (after warmup).
 */
public final class LoopCounters {
    /** Requests written to a connection. */
    public long sent;
    /** Correct answers received to measured requests, whenever they arrived (the drain included). */
    public long completed;
    /**
     * Correct answers that arrived inside the measurement window, whichever request they answer: what the
     * target served in the interval its costs are read over, so the divisor of every per-request cost.
     */
    public long completedInWindow;
    /**
     * Measured requests never answered right: dropped, failed, timed out, lost with their connection or
     * unfinished; each is in the latency histogram at its censored latency ({@link Censoring}).
     */
    public long unanswered;
    /** Answers that completed before an earlier request of the same connection. */
    public long outOfOrder;
    /** Requests outstanding longer than the timeout. */
    public long timeouts;
    /** Sends that went out more than the late threshold after their intended time (open loop). */
    public long lateSends;
    /** Scheduled requests that were never sent because the run ended first (open loop). */
    public long dropped;
    /** Requests still outstanding when the loop stopped. */
    public long unfinished;
    /** Stream events received (SUBSCRIBE frames or chunks). */
    public long events;
    /** Connections closed by the peer or by an error, reconnected or not. */
    public long connectionsClosed;
    /** Connections that were closed and opened again (warmup included, like every connection count). */
    public long reconnects;
    /** Time from each close to its reconnect, or to giving up, or to the end of the run, summed. */
    public long reconnectNanos;
    /** Connections closed for good: a reconnect failed {@link Reconnects#MAX_FAILURES} times in a row. */
    public long connectionsLost;
    /** Connections that carried at least one request, warmup included (unlike the other counts). */
    public long connectionsUsed;
    public final long[] errors = new long[ErrorKind.values().length];
    /** Measured requests lost with their connection, by {@link LostKind}. */
    public final long[] lost = new long[LostKind.values().length];

    public long errorTotal() {
        long sum = 0;
        for (long e : errors) {
            sum += e;
        }
        return sum;
    }

    public void addTo(LoopCounters total) {
        total.sent += sent;
        total.completed += completed;
        total.completedInWindow += completedInWindow;
        total.unanswered += unanswered;
        total.outOfOrder += outOfOrder;
        total.timeouts += timeouts;
        total.lateSends += lateSends;
        total.dropped += dropped;
        total.unfinished += unfinished;
        total.events += events;
        total.connectionsClosed += connectionsClosed;
        total.connectionsUsed += connectionsUsed;
        total.reconnects += reconnects;
        total.reconnectNanos += reconnectNanos;
        total.connectionsLost += connectionsLost;
        for (int i = 0; i < errors.length; i++) {
            total.errors[i] += errors[i];
        }
        for (int i = 0; i < lost.length; i++) {
            total.lost[i] += lost[i];
        }
    }
}
