package dev.harness.blocking;

import dev.harness.server.OutputBudget;
import dev.harness.server.ServerConfig;
import dev.harness.transport.Channel;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The timeouts of a {@link BlockingServer}: one platform thread per server, named {@code timeouts}, and no
 * thread per connection. A blocking {@link Channel#read} (or {@link Channel#awaitReadable}) has no timeout
 * of its own, so each {@link BlockingConnection} publishes a deadline (a volatile {@code long}) before it
 * blocks; every tick this thread scans the connections and ends the wait of each one whose deadline has
 * passed by shutting down its input, which wakes the blocked thread, platform or virtual, with end of
 * stream. The connection's own thread then answers (a header timeout) or just closes (an idle one). A
 * connection waiting on its RELAY downstream publishes that deadline too, and an overdue one has its
 * downstream channel closed ({@link BlockingDownstream}). The same thread serves the server's
 * {@link BlockingRefusals}.
 *
 * <p>Cost: one thread that wakes every tick, {@link ServerConfig#timeoutCheckIntervalNanos()}
 * ({@code min(header timeout, idle timeout) / 8} clamped to 10..250 ms), or an eighth of the downstream
 * timeout when a downstream is configured and that is shorter (4 wake-ups a second with the defaults; every
 * {@link BlockingRefusals#TICK_NANOS} ns while refusals wait), and reads two volatile fields per open
 * connection per tick (two more while the {@link OutputBudget} is exceeded). A timeout fires up to one tick
 * late.
 */
final class BlockingTimeouts {

    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Set<BlockingConnection> connections;
    private final BlockingRefusals refusals;
    private final OutputBudget outputBudget;
    private final long tickNanos;
    private final Thread thread;
    private volatile boolean stopped;

    BlockingTimeouts(Set<BlockingConnection> connections, BlockingRefusals refusals, OutputBudget outputBudget,
                     ServerConfig config) {
        this.connections = connections;
        this.refusals = refusals;
        this.outputBudget = outputBudget;
        this.tickNanos = tickNanos(config);
        this.thread = Thread.ofPlatform().name("timeouts").daemon(true).unstarted(this::run);
    }

    private static long tickNanos(ServerConfig config) {
        long tick = config.timeoutCheckIntervalNanos();
        if (config.downstream().isPresent()) {
            tick = Math.min(tick, Math.max(MIN_TICK_NANOS, config.downstreamTimeout().toNanos() / 8));
        }
        return tick;
    }

    void start() {
        thread.start();
    }

    /** Wakes the thread at once: a refusal is waiting. */
    void wake() {
        LockSupport.unpark(thread);
    }

    void stop() throws InterruptedException {
        stopped = true;
        LockSupport.unpark(thread);
        thread.join();
        refusals.closeAll();
    }

    /**
     * Over the output budget: closes the connection that holds most output among those whose write has
     * taken no slice for a whole tick (clients that read are not chosen), one per tick.
     */
    private void closeWorstOffender(long nowNanos) {
        BlockingConnection worst = null;
        long most = 0;
        for (BlockingConnection c : connections) {
            long held = c.heldOutputBytesIfStalled(nowNanos, tickNanos);
            if (held > most) {
                most = held;
                worst = c;
            }
        }
        if (worst != null) {
            worst.closeOverBudget(outputBudget);
        }
    }

    private void run() {
        while (!stopped) {
            long now = System.nanoTime();
            for (BlockingConnection c : connections) {
                c.expireIfOverdue(now);
            }
            if (outputBudget.over()) {
                closeWorstOffender(now);
            }
            if (!refusals.isEmpty()) {
                refusals.serve(now);
            }
            LockSupport.parkNanos(this, refusals.isEmpty() ? tickNanos : Math.min(tickNanos, BlockingRefusals.TICK_NANOS));
        }
    }
}
