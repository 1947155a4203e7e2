package dev.harness.blocking;

import dev.harness.protocol.OutBuffer;
import dev.harness.protocol.WireCodec;
import dev.harness.server.ServerConfig;
import dev.harness.transport.Channel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The timeouts and the polite refusals of a {@link BlockingServer}: one platform thread per server, named
 * {@code timeouts}, and no thread per connection. A blocking {@link Channel#read} (or
 * {@link Channel#awaitReadable}) has no timeout of its own, so each {@link BlockingConnection} publishes a
 * deadline (a volatile {@code long}) before it blocks; every tick this thread scans the connections and ends
 * the wait of each one whose deadline has passed by shutting down its input, which wakes the blocked thread,
 * platform or virtual, with end of stream. The connection's own thread then answers (a header timeout) or
 * just closes (an idle one). A connection waiting on its RELAY downstream publishes that deadline too, and
 * an overdue one has its downstream channel closed ({@link BlockingDownstream}).
 *
 * <p>A connection over {@code --max-connections} is handed here instead of getting a thread: it is made
 * non-blocking, and once its first byte arrives (read without blocking, within at most one second) it is
 * answered in the protocol that byte chose, {@link WireCodec#refuse}, and closed. At most {@value #MAX_REFUSING} refusals wait at
 * once; beyond that, a connection is closed at once.
 *
 * <p>Cost: one thread that wakes every tick, {@link ServerConfig#timeoutCheckIntervalNanos()}
 * ({@code min(header timeout, idle timeout) / 8} clamped to 10..250 ms), or an eighth of the downstream
 * timeout when a downstream is configured and that is shorter (4 wake-ups a second with the defaults; every
 * 20 ms while refusals wait), and reads two volatile fields per open connection per tick. A timeout fires
 * up to one tick late.
 */
final class Watchdog {

    static final int MAX_REFUSING = 256;
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long REFUSAL_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long REFUSAL_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Refusal(Channel channel, long deadlineNanos) {
    }

    private final Set<BlockingConnection> connections;
    private final String refusalMessage;
    private final long tickNanos;
    private final ConcurrentLinkedQueue<Refusal> refusing = new ConcurrentLinkedQueue<>();
    private final AtomicInteger refusingCount = new AtomicInteger();
    private final ByteBuffer scratch = ByteBuffer.allocate(4096);
    private final Thread thread;
    private volatile boolean stopped;

    Watchdog(Set<BlockingConnection> connections, ServerConfig config) {
        this.connections = connections;
        this.refusalMessage = config.refusalMessage();
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

    void stop() throws InterruptedException {
        stopped = true;
        LockSupport.unpark(thread);
        thread.join();
        Refusal r;
        while ((r = refusing.poll()) != null) {
            closeQuietly(r.channel());
        }
    }

    /** Takes over a connection the server will not serve: answers its first byte, then closes it. */
    void refuse(Channel channel) {
        if (refusingCount.incrementAndGet() > MAX_REFUSING) {
            refusingCount.decrementAndGet();
            closeQuietly(channel);
            return;
        }
        try {
            channel.configureBlocking(false);
        } catch (IOException e) {
            refusingCount.decrementAndGet();
            closeQuietly(channel);
            return;
        }
        refusing.add(new Refusal(channel, System.nanoTime() + REFUSAL_WAIT_NANOS));
        LockSupport.unpark(thread);
    }

    private void run() {
        while (!stopped) {
            long now = System.nanoTime();
            for (BlockingConnection c : connections) {
                c.expireIfOverdue(now);
            }
            if (!refusing.isEmpty()) {
                serveRefusals(now);
            }
            LockSupport.parkNanos(this, refusing.isEmpty() ? tickNanos : Math.min(tickNanos, REFUSAL_TICK_NANOS));
        }
    }

    private void serveRefusals(long now) {
        for (Iterator<Refusal> it = refusing.iterator(); it.hasNext(); ) {
            Refusal r = it.next();
            boolean done;
            try {
                scratch.clear();
                int n = r.channel().read(scratch);
                if (n > 0) {
                    OutBuffer out = new OutBuffer(256);
                    WireCodec.refuse(scratch.get(0), refusalMessage, out);
                    out.writeTo(r.channel());
                    done = true;
                } else {
                    done = n < 0 || now - r.deadlineNanos() >= 0;
                }
            } catch (IOException e) {
                done = true;
            }
            if (done) {
                it.remove();
                refusingCount.decrementAndGet();
                closeQuietly(r.channel());
            }
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
