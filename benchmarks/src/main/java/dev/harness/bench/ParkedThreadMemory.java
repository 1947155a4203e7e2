package dev.harness.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import dev.harness.probe.ProcProbe;
import dev.harness.probe.ThreadLimits;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Memory held per parked thread, platform against virtual: the space half of claims 1 and 2 of
 * docs/design.md ("pays for [...] stacks"; "a blocked connection cheap: [...] small stacks"). The
 * Asynchronous Completion Token pattern (POSA2) says where a blocked design keeps its state: "a completion
 * handler [...] could be stored implicitly in each thread's run-time stack". A JMH score is a time, so this
 * is a program of its own, run outside JMH:
 *
 * <pre>{@code
 * java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp benchmarks/target/benchmarks.jar \
 *     dev.harness.bench.ParkedThreadMemory [PLATFORM_THREADS [VIRTUAL_THREADS]]
 * }</pre>
 *
 * <p>For each kind it first warms up: {@value #WARM_UP_ROUNDS} rounds of starting the threads, parking them
 * and releasing them, so that the parking code is compiled (a parked virtual thread's interpreted frames
 * are larger than its compiled ones). Then it reads the live heap (after a full collection) and the
 * process's RSS, starts N threads that each park in {@link CountDownLatch#await()}, waits until every one
 * is {@code WAITING}, reads both again, and prints the differences divided by N, one line per kind:
 *
 * <pre>{@code
 * PARKED kind=platform threads=1000 heap_bytes_per_thread=... rss_bytes_per_thread=...
 * }</pre>
 *
 * <p>What the two figures hold: a virtual thread's parked stack is on the heap, so the heap figure holds
 * it; a platform thread's stack is native memory, in the RSS figure with the JVM's own per-thread
 * structures (the kernel's are in neither). The RSS figure counts only the heap's growth besides, so it is
 * clean only when the heap is committed and touched up front ({@code -Xms} = {@code -Xmx} and
 * {@code -XX:+AlwaysPreTouch}, as above); otherwise a warning says so. The heap figure also holds one
 * reference per thread, in the list that keeps them. The threads park with a shallow
 * stack: a real connection's thread parks deeper, in its read loop, and holds more.
 */
public final class ParkedThreadMemory {

    static final int WARM_UP_ROUNDS = 3;
    private static final long PARK_TIMEOUT_SECONDS = 60;

    private ParkedThreadMemory() {
    }

    public static void main(String[] args) throws InterruptedException {
        int platformThreads;
        int virtualThreads;
        try {
            platformThreads = args.length > 0 ? positive(args[0]) : 1_000;
            virtualThreads = args.length > 1 ? positive(args[1]) : 10_000;
            if (args.length > 2) {
                throw new IllegalArgumentException("at most two arguments, got " + args.length);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("ParkedThreadMemory: " + e.getMessage()
                    + "\nusage: java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -cp benchmarks.jar dev.harness.bench.ParkedThreadMemory"
                    + " [PLATFORM_THREADS [VIRTUAL_THREADS]]   (defaults 1000 and 10000)");
            System.exit(2);
            return;
        }
        if (!ProcProbe.available()) {
            System.err.println("ParkedThreadMemory: /proc cannot be read here (it needs Linux); the RSS figure is unknown");
            System.exit(2);
        }
        warnIfHeapMovesRss();
        measure("platform", Thread.ofPlatform().name("parked-platform-", 0), platformThreads);
        measure("virtual", Thread.ofVirtual().name("parked-virtual-", 0), virtualThreads);
    }

    private static void measure(String kind, Thread.Builder builder, int threads) throws InterruptedException {
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            release(park(builder, threads));
        }
        long heapBefore = liveHeapBytes();
        long rssBefore = ProcProbe.self().rssBytes();
        Parked parked = park(builder, threads);
        long heapHeld = liveHeapBytes();
        long rssHeld = ProcProbe.self().rssBytes();
        release(parked);
        System.out.printf("PARKED kind=%s threads=%d heap_bytes_per_thread=%d rss_bytes_per_thread=%d%n",
                kind, threads, (heapHeld - heapBefore) / threads, (rssHeld - rssBefore) / threads);
    }

    /** Threads parked on one gate. */
    private record Parked(CountDownLatch gate, List<Thread> threads) {
    }

    /** Starts {@code count} threads that wait on one gate, and returns once every one of them is parked. */
    private static Parked park(Thread.Builder builder, int count) throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(count);
        Runnable wait = () -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        for (int i = 0; i < count; i++) {
            try {
                threads.add(builder.start(wait));
            } catch (OutOfMemoryError e) {
                gate.countDown();
                System.err.printf("ParkedThreadMemory: cannot start thread %d of %d: %s; ask for fewer threads%n",
                        i + 1, count, ThreadLimits.read().explain(e));
                System.exit(2);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PARK_TIMEOUT_SECONDS);
        for (Thread thread : threads) {
            while (thread.getState() != Thread.State.WAITING) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(thread.getName() + " did not park within " + PARK_TIMEOUT_SECONDS
                            + " s (state " + thread.getState() + "); is the machine overloaded?");
                }
                Thread.sleep(1);
            }
        }
        return new Parked(gate, threads);
    }

    private static void release(Parked parked) throws InterruptedException {
        parked.gate().countDown();
        for (Thread thread : parked.threads()) {
            thread.join();
        }
    }

    /** The heap's used bytes after a full collection: the live objects. */
    private static long liveHeapBytes() {
        ManagementFactory.getMemoryMXBean().gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Says on stderr when the heap can grow or be touched during the run, which would move the RSS figure. */
    private static void warnIfHeapMovesRss() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        boolean preTouched = Boolean.parseBoolean(ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                .getVMOption("AlwaysPreTouch").getValue());
        if (heap.getCommitted() != heap.getMax() || !preTouched) {
            System.err.println("ParkedThreadMemory: the heap is not committed and touched up front (committed "
                    + heap.getCommitted() + " of max " + heap.getMax() + " bytes, AlwaysPreTouch " + preTouched
                    + "), so rss_bytes_per_thread includes the heap's growth; run with -Xms equal to -Xmx and"
                    + " -XX:+AlwaysPreTouch for the threads' native memory alone");
        }
    }

    private static int positive(String text) {
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a thread count: " + text);
        }
        if (value < 1) {
            throw new IllegalArgumentException("a thread count must be at least 1, got " + value);
        }
        return value;
    }
}
