package dev.harness.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a thread per connection costs before it does any work: starting a thread and waiting for its end,
 * platform against virtual. Claims 1 and 2 of docs/design.md: a thread-per-connection server starts one
 * thread per accepted connection, so this is paid once per connection.
 *
 * <p>The Asynchronous Completion Token pattern (POSA2) starts from that design: "spawn a separate thread for
 * each event subscription operation", in which "a completion handler [...] could be stored implicitly in each
 * thread's run-time stack". A platform thread's stack is an OS thread's (created by the kernel, its stack
 * mapped and freed); a virtual thread's is a continuation on the heap, scheduled on a carrier thread.
 *
 * <p>Why the comparison is fair: both start the same empty task from the same benchmark thread through a
 * {@link Thread.Builder} that names the thread (as every server names its threads), and both wait for it
 * with {@link Thread#join()}, so each operation is one whole thread lifetime, creation to reaping. The
 * returned thread keeps the work alive. The task is empty on purpose: the work a connection does is the same
 * in both models and would only dilute the difference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ThreadStart {

    private static final Runnable EMPTY = () -> { };

    private final Thread.Builder platform = Thread.ofPlatform().name("start-platform");
    private final Thread.Builder virtual = Thread.ofVirtual().name("start-virtual");

    @Benchmark
    public Thread platformThread() throws InterruptedException {
        Thread thread = platform.start(EMPTY);
        thread.join();
        return thread;
    }

    @Benchmark
    public Thread virtualThread() throws InterruptedException {
        Thread thread = virtual.start(EMPTY);
        thread.join();
        return thread;
    }
}
