package dev.harness.proactor.server;

import dev.harness.proactor.Proactor;
import dev.harness.server.HandlerConfig;
import dev.harness.service.BlockingResult;
import dev.harness.service.Completion;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where {@code proactor-act} runs the blocking calls of its handlers ({@code Session.blocking}), so that no
 * event loop ever blocks: at most a fixed number of platform threads ({@code blocking-N}, started by the
 * calls and ended after {@value #KEEP_ALIVE_MILLIS} ms without one: none while no handler blocks) over a
 * bounded queue, shared by every loop. A call's completion goes
 * back to the loop that initiated it through {@link Proactor#execute}, carrying the completion as its ACT;
 * the loop runs it as it runs any other completion of the connection.
 *
 * <p>Bounded both ways: at most {@code blockingThreads} calls run at once and {@code blockingQueue} wait; one
 * more is failed at once with a message naming the two options, never queued without bound. The cost this
 * makes visible: a thread per concurrent blocking call, as a thread model pays per connection, but only
 * for the calls that block.
 */
final class BlockingPool {

    /**
     * A pool thread ends after this long without a call: threads return to their baseline once clients
     * leave (the reliability rule of docs/design.md), while a steady load keeps its threads.
     */
    static final long KEEP_ALIVE_MILLIS = 1_000;

    private final HandlerConfig config;
    private final ThreadPoolExecutor executor;

    BlockingPool(HandlerConfig config) {
        this.config = config;
        AtomicInteger next = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(config.blockingThreads(), config.blockingThreads(), KEEP_ALIVE_MILLIS,
                TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(config.blockingQueue()),
                task -> Thread.ofPlatform().name(HandlerConfig.BLOCKING_THREAD_NAME + next.getAndIncrement()).daemon(true).unstarted(task));
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Runs {@code call} on a pool thread and hands its result to {@code deliver} on {@code loop}; when the pool
     * is full, {@code deliver} gets a failed result at once, on the calling (loop) thread.
     */
    <T> void submit(Proactor loop, Callable<T> call, Completion<BlockingResult<T>> deliver) {
        try {
            executor.execute(() -> {
                BlockingResult<T> result = BlockingResult.of(call);
                loop.execute(() -> deliver.completed(result));
            });
        } catch (RejectedExecutionException e) {
            deliver.completed(BlockingResult.failed(new RejectedExecutionException("the blocking pool is full: "
                    + config.blockingThreads() + " threads busy and " + config.blockingQueue()
                    + " calls queued; raise --blocking-threads or --blocking-queue, or block less")));
        }
    }

    /** Interrupts the calls still running and ends the threads; waits for them up to {@code timeoutMillis}. */
    void shutdown(long timeoutMillis) throws InterruptedException {
        executor.shutdownNow();
        executor.awaitTermination(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
