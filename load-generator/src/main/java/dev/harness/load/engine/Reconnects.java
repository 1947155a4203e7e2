package dev.harness.load.engine;

import static dev.harness.transport.Closeables.closeQuietly;

import dev.harness.load.connector.Connector;
import dev.harness.transport.Channel;
import dev.harness.transport.Key;
import dev.harness.transport.Poller;
import java.io.IOException;

/**
 * Reopens, like a real client, the connections of one {@link IoLoop} that the server closed: after an answer
 * with {@code Connection: close}, at its keep-alive limit, on an idle timeout or with a reset. A closed
 * connection gets a new channel through the run's {@link Connector} (same source address), connected
 * without blocking on the loop's own poller, and then carries on as before.
 *
 * <p>Invariants: a connection is here from its close until it is connected again or given up; a close of a
 * channel that had carried an answer is reopened at once, while a connect that fails (or times out) and a
 * channel closed before any answer are consecutive failures, retried after 10, 20, 40 and 80 ms; the
 * {@link #MAX_FAILURES}th in a row loses the connection for good. The time from each close to its reconnect
 * (or to giving up, or to the end of the run) is summed in {@link LoopCounters#reconnectNanos}. Cost: nothing
 * on the request path and nothing in an idle {@link Connection} but its failure count; per pass, a visit of
 * the connections down, usually none; four arrays of the loop's connection count. One I/O thread.
 */
final class Reconnects {

    /** Consecutive failed reconnects after which a connection is given up. */
    static final int MAX_FAILURES = 5;
    /** The wait after the first failure; it doubles with each further one. */
    private static final long FIRST_BACKOFF_NANOS = 10_000_000L;

    private final IoLoop loop;
    private final Connector connector;
    private final Poller poller;
    private final LoopCounters counters;
    private final long timeoutNanos;
    /** The connections down, waiting for their next connect or connecting; the arrays beside are theirs. */
    private final Connection[] down;
    /** When each went down (the start of its reconnect). */
    private final long[] downSinceNanos;
    /** When its next connect is due, or when its connect under way started. */
    private final long[] attemptNanos;
    private final boolean[] connecting;
    private int downCount;

    Reconnects(IoLoop loop, Connector connector, Poller poller, LoopCounters counters, RunPlan plan, int connections) {
        this.loop = loop;
        this.connector = connector;
        this.poller = poller;
        this.counters = counters;
        this.timeoutNanos = plan.timeoutNanos();
        this.down = new Connection[connections];
        this.downSinceNanos = new long[connections];
        this.attemptNanos = new long[connections];
        this.connecting = new boolean[connections];
    }

    /**
     * {@code c} has just been closed, at {@code now}: it is reopened at once when its channel had carried an
     * answer, after a backoff otherwise, or given up.
     */
    void closed(Connection c, long now) {
        int i = downCount++;
        down[i] = c;
        downSinceNanos[i] = now;
        attemptNanos[i] = now;
        connecting[i] = false;
        if (c.answered) {
            c.failures = 0;
            c.answered = false;
        } else {
            failed(i, now);
        }
    }

    /**
     * Starts the connects that are due and fails those that took longer than the timeout; called once per
     * pass of the loop. Visits from the end, so that a connection removed (its place taken by the last, which
     * was visited already) skips none.
     */
    void attemptDue(long now) {
        for (int i = downCount - 1; i >= 0; i--) {
            if (connecting[i]) {
                if (now - attemptNanos[i] > timeoutNanos) {
                    failed(i, now);
                }
            } else if (now >= attemptNanos[i]) {
                connect(i, now);
            }
        }
    }

    /** The earliest time a connect is due, or {@link Long#MAX_VALUE}. */
    long nextAttemptNanos() {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < downCount; i++) {
            if (!connecting[i]) {
                next = Math.min(next, attemptNanos[i]);
            }
        }
        return next;
    }

    /** The poller reported {@code c}'s key ready while {@code c} is dead: its connect under way may complete. */
    void connectReady(Connection c, long now) {
        int i = 0;
        while (i < downCount && down[i] != c) {
            i++;
        }
        if (i == downCount || !connecting[i]) {
            return;
        }
        try {
            if (c.channel.finishConnect()) {
                c.key.interestOps(Key.OP_READ);
                connected(i, now);
            }
        } catch (IOException | RuntimeException e) {
            failed(i, now);
        }
    }

    /** The run ends at {@code now}: the connections still down count their time down until now. */
    void end(long now) {
        for (int i = 0; i < downCount; i++) {
            counters.reconnectNanos += now - downSinceNanos[i];
        }
    }

    private void connect(int i, long now) {
        Connection c = down[i];
        try {
            c.channel = connector.reopen(c.source);
        } catch (IOException | RuntimeException e) {
            failed(i, now);
            return;
        }
        attemptNanos[i] = now;
        try {
            if (c.channel.finishConnect()) {
                c.key = c.channel.register(poller, Key.OP_READ, c);
                connected(i, now);
            } else {
                c.key = c.channel.register(poller, Key.OP_CONNECT, c);
                connecting[i] = true;
            }
        } catch (IOException | RuntimeException e) {
            failed(i, now);
        }
    }

    private void connected(int i, long now) {
        Connection c = down[i];
        counters.reconnects++;
        counters.reconnectNanos += now - downSinceNanos[i];
        remove(i);
        loop.reconnected(c);
    }

    /** The reconnect of the connection at {@code i} failed: it is retried after a backoff, or given up. */
    private void failed(int i, long now) {
        Connection c = down[i];
        if (c.key != null) {
            c.key.cancel();
        }
        closeQuietly(c.channel);
        connecting[i] = false;
        c.failures++;
        if (c.failures >= MAX_FAILURES) {
            counters.reconnectNanos += now - downSinceNanos[i];
            remove(i);
            loop.lost();
        } else {
            attemptNanos[i] = now + (FIRST_BACKOFF_NANOS << (c.failures - 1));
        }
    }

    private void remove(int i) {
        int last = --downCount;
        down[i] = down[last];
        downSinceNanos[i] = downSinceNanos[last];
        attemptNanos[i] = attemptNanos[last];
        connecting[i] = connecting[last];
        down[last] = null;
    }
}
