package dev.harness.bench;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What it costs to hand work from one thread of control to another and back: claims 1, 2 and 3 of
 * docs/design.md. A thread-per-connection server hands every request between a blocked thread and the
 * thread that wakes it; a proactor runs the next completion handler on the loop that ran the last.
 *
 * <p>The Asynchronous Completion Token pattern (POSA2) describes the thread-per-operation design, in which
 * "each thread would then block synchronously, waiting for completion event(s)", and its cost: "this
 * synchronous multi-threaded design incurs the same context-switching, synchronization, and data-movement
 * performance overhead drawbacks described in the Example section of the Reactor pattern". Its answer keeps
 * the concurrency policy free: "Initiators can therefore be single-threaded or multi-threaded depending on
 * application requirements."
 *
 * <p>One round trip is two hand-offs, ping from A to B and pong from B back to A, in three set-ups, the
 * values of {@link #kind}:
 *
 * <ul>
 *   <li>{@code platform-threads}: A and B are platform threads; each hand-off wakes a thread that the kernel
 *       put to sleep (a futex wake, then a context switch onto it);
 *   <li>{@code virtual-threads}: A and B are virtual threads; a parked virtual thread is a continuation on
 *       the heap, and waking it schedules it on a carrier thread, often the one that is already running;
 *   <li>{@code event-loop}: A and B are the same thread, an event loop running queued callbacks, as a
 *       proactor's loop runs completion handlers: a hand-off is a queue insert and a removal, no wake-up.
 * </ul>
 *
 * <p>Why the comparison is fair: every hand-off in all three goes through the same queue class
 * ({@link LinkedBlockingQueue}, whose locks park a virtual thread without pinning its carrier) and carries
 * the same {@link Runnable}; each thread, platform or virtual, runs the same loop ({@link Loop}: take a
 * Runnable, run it). So a round trip is two puts, two takes and two runs everywhere, and the set-ups differ
 * only in whether a hand-off crosses threads and of which kind. The benchmark thread starts a batch of
 * {@value #ROUND_TRIPS} round trips and waits for its end through the same queue class; that start and end
 * add the same two cross-thread hand-offs to every batch of all three, spread over its round trips.
 *
 * <p>Memory per parked thread, the other half of claims 1 and 2, is not a time: {@link ParkedThreadMemory}
 * measures it outside JMH.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HandOff {

    /** Round trips per benchmark invocation; the score is per round trip. */
    static final int ROUND_TRIPS = 1_000;
    private static final Runnable BATCH_DONE = () -> { };

    /** Who A and B are. */
    @Param({"platform-threads", "virtual-threads", "event-loop"})
    public String kind;

    /** A thread that runs the Runnables handed to it, in order, until told to stop. */
    static final class Loop {
        private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
        private final Thread thread;
        private boolean running = true;

        Loop(ThreadFactory threads) {
            thread = threads.newThread(() -> {
                try {
                    while (running) {
                        queue.take().run();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
        }

        void post(Runnable task) {
            queue.add(task);
        }

        /** Stops the loop after the tasks already posted, and waits for its thread to end. */
        void stop() throws InterruptedException {
            post(() -> running = false);
            thread.join(TimeUnit.SECONDS.toMillis(10));
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not stop within 10 s");
            }
        }
    }

    /** The benchmark thread waits here for the end of a batch. */
    private final BlockingQueue<Runnable> done = new LinkedBlockingQueue<>();
    private Loop a;
    private Loop b;
    /** Round trips left in this batch; read and written only by ping, on loop A. */
    private int remaining;
    private final Runnable ping = this::ping;
    private final Runnable pong = this::pong;

    @Setup(Level.Trial)
    public void startLoops() {
        switch (kind) {
            case "platform-threads" -> {
                a = new Loop(Thread.ofPlatform().name("handoff-a").factory());
                b = new Loop(Thread.ofPlatform().name("handoff-b").factory());
            }
            case "virtual-threads" -> {
                a = new Loop(Thread.ofVirtual().name("handoff-a").factory());
                b = new Loop(Thread.ofVirtual().name("handoff-b").factory());
            }
            case "event-loop" -> {
                a = new Loop(Thread.ofPlatform().name("handoff-loop").factory());
                b = a;
            }
            default -> throw new IllegalArgumentException("kind must be platform-threads, virtual-threads or event-loop, got " + kind);
        }
    }

    @TearDown(Level.Trial)
    public void stopLoops() throws InterruptedException {
        a.stop();
        if (b != a) {
            b.stop();
        }
    }

    /** Runs on A: ends the batch, or hands pong to B. */
    private void ping() {
        if (remaining-- == 0) {
            done.add(BATCH_DONE);
        } else {
            b.post(pong);
        }
    }

    /** Runs on B: hands ping back to A. */
    private void pong() {
        a.post(ping);
    }

    /** {@value #ROUND_TRIPS} round trips; returns when the last is back on A. */
    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public Runnable roundTrip() throws InterruptedException {
        remaining = ROUND_TRIPS; // the queue hand-off to A publishes it
        a.post(ping);
        return done.take();
    }
}
