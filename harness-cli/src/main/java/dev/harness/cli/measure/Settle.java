package dev.harness.cli.measure;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Waits for a server to take every connection the generator opened before its memory is read: a connect
 * completes before the server has accepted it (mem queues it, tcp's kernel finishes the handshake), and a
 * thread-per-connection server still has threads to start. The wait ends when the server holds them all,
 * when its count has not moved for {@link #STABLE} (it will take no more: a thread it could not start), or
 * at the limit. Polls every 50 ms.
 */
public final class Settle {

    /**
     * A count that has not moved for this long is final: longer than a full collection of a heap that holds a
     * million connections, during which an acceptor takes none.
     */
    static final Duration STABLE = Duration.ofSeconds(5);

    private Settle() {
    }

    /**
     * The limit for {@code connections}: 30 s plus 2 ms per connection, room for a server that starts a platform
     * thread per connection on busy cores; a server that takes connections without a thread each is done at
     * once, and one that stops taking them ends the wait after {@link #STABLE}, so the limit only bounds a
     * server that is still, slowly, taking them.
     */
    public static Duration limitFor(int connections) {
        return Duration.ofSeconds(30).plusNanos(connections * 2_000_000L);
    }

    /**
     * Waits until {@code held} reaches {@code target}, stops moving, or {@code limit} passes.
     *
     * @return how long it waited, milliseconds
     */
    public static long await(IntSupplier held, int target, Duration limit) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        int last = held.getAsInt();
        long movedAt = start;
        while (last < target && System.nanoTime() < deadline && System.nanoTime() - movedAt < STABLE.toNanos()) {
            Thread.sleep(50);
            int now = held.getAsInt();
            if (now != last) {
                last = now;
                movedAt = System.nanoTime();
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
