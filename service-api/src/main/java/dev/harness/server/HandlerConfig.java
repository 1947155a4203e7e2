package dev.harness.server;

import dev.harness.service.ServiceHandlerFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * The application a server runs and how its blocking is handled: one part of {@link ServerConfig}, kept in
 * a record of its own so that a server model reads what concerns the handler in one place.
 *
 * @param handlers         makes each connection's {@code ServiceHandler}; the built-in services by default
 * @param blockingThreads  a proactor's pool for {@code Session.blocking}: the most blocking calls running at
 *                         once, over all its loops (thread models block the connection's own thread instead)
 * @param blockingQueue    calls waiting for a pool thread; one more is failed at once, naming the options
 * @param loopBlockThreshold a call of a handler or completion on an event loop longer than this counts as the
 *                         loop blocked (its time is reported per loop); {@link Duration#ZERO} counts none
 */
public record HandlerConfig(ServiceHandlerFactory handlers, int blockingThreads, int blockingQueue,
                            Duration loopBlockThreshold) {

    /**
     * Pool threads: 20, the size of Vert.x's worker pool, the best-known proactor-style Java server's answer
     * to the same question. A user who blocks on every request sizes it for the concurrency of their
     * downstream (threads = calls per second x call duration), with {@code --blocking-threads}.
     */
    public static final int DEFAULT_BLOCKING_THREADS = 20;
    /** Queued calls: one per connection a server serves at its default {@code --max-connections}. */
    public static final int DEFAULT_BLOCKING_QUEUE = ServerConfig.DEFAULT_MAX_CONNECTIONS;
    /**
     * One millisecond: the proactor's timers have the poller's millisecond granularity, so a call that holds
     * a loop longer than one tick delays every timer and connection of that loop perceptibly.
     */
    public static final Duration DEFAULT_LOOP_BLOCK_THRESHOLD = Duration.ofMillis(1);
    /**
     * What the name of a thread of a proactor's pool for {@code Session.blocking} starts with ({@code blocking-N}):
     * how a run tells the pool's threads from the rest of a server's.
     */
    public static final String BLOCKING_THREAD_NAME = "blocking-";

    public HandlerConfig {
        Objects.requireNonNull(handlers, "handlers");
        Objects.requireNonNull(loopBlockThreshold, "loopBlockThreshold");
        if (blockingThreads < 1 || blockingQueue < 1) {
            throw new IllegalArgumentException("blockingThreads and blockingQueue must be >= 1, got " + blockingThreads
                    + " and " + blockingQueue);
        }
        if (loopBlockThreshold.isNegative()) {
            throw new IllegalArgumentException("loopBlockThreshold must be >= 0, got " + loopBlockThreshold);
        }
    }

    /** The built-in services with the default pool and threshold. */
    public static HandlerConfig builtins() {
        return of(ServiceHandlerFactory.builtins());
    }

    /** {@code handlers} with the default pool and threshold. */
    public static HandlerConfig of(ServiceHandlerFactory handlers) {
        return new HandlerConfig(handlers, DEFAULT_BLOCKING_THREADS, DEFAULT_BLOCKING_QUEUE, DEFAULT_LOOP_BLOCK_THRESHOLD);
    }
}
