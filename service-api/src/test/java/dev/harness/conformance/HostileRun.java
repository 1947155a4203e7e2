package dev.harness.conformance;

import static dev.harness.conformance.ActFrames.ECHO;
import static dev.harness.conformance.ActFrames.STATUS_OK;
import static dev.harness.conformance.ActFrames.echo;
import static dev.harness.conformance.Wire.assertFrame;
import static dev.harness.conformance.Wire.pattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.server.Server;
import dev.harness.service.Limits;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * One hostile-client scenario against a server of its own: takes the test JVM's baseline of platform
 * threads and file descriptors, runs a well-behaved client beside the hostile ones for the whole
 * scenario (an ACT ECHO every 5 ms on one connection, each answer checked), and at the end checks that the
 * well-behaved client never failed and that threads and descriptors returned to the baseline. It prints
 * what it observed as one line, for the surefire report:
 *
 * <pre>HOSTILE slowloris server=sync-threads transport=tcp fds 31->31 threads 24->24 healthy_answers=812 healthy_worst_ms=3.2</pre>
 *
 * <p>The worst answer time is reported, never asserted: these machines are small and shared. Over a transport
 * whose connections hold no descriptor (mem) the descriptor check still runs and still holds, but it then
 * shows only that the server opened no file of its own; the line says {@code fds A->B (none per connection)}.
 */
final class HostileRun implements AutoCloseable {

    /** JDK-internal threads and descriptors that may appear late; a per-connection leak is far above it. */
    static final int THREAD_TOLERANCE = 4;
    static final int FD_TOLERANCE = 3;

    private final String scenario;
    private final String serverName;
    private final Transport transport;
    private final Server server;
    private final int threadBaseline;
    private final int fdBaseline;
    private final Map<String, Integer> threadsBefore;
    private final Map<String, Integer> fdsBefore;
    private final Thread healthy;
    private final AtomicReference<Throwable> healthyFailure = new AtomicReference<>();
    private volatile boolean stopping;
    private volatile long healthyAnswers;
    private volatile long healthyWorstNanos;
    private final StringBuilder extra = new StringBuilder();
    private final CountDownLatch firstAnswer = new CountDownLatch(1);
    /**
     * How long the well-behaved client waits for one answer: generous, since an overload scenario on a
     * shared two-core machine delays it by seconds; its worst time is reported, not asserted.
     */
    static final Duration HEALTHY_READ = Duration.ofSeconds(30);
    private boolean finished;

    HostileRun(String scenario, String serverName, Transport transport, Server server) throws IOException {
        this.scenario = scenario;
        this.serverName = serverName;
        this.transport = transport;
        this.server = server;
        // warm up: classes, jars and lazily started JDK threads exist before the baseline is taken
        for (int i = 0; i < 3; i++) {
            try (ActTestClient c = new ActTestClient(transport, server.address())) {
                Wire.assertEchoStillAnswered(c);
            }
        }
        OwnProcessProbe.awaitAtMost(server::openConnections, 0, Duration.ofSeconds(10));
        int[] baseline = settled(OwnProcessProbe::liveThreads, OwnProcessProbe::openFileDescriptors);
        threadBaseline = baseline[0];
        fdBaseline = baseline[1];
        threadsBefore = OwnProcessProbe.threadNames();
        fdsBefore = OwnProcessProbe.fileDescriptorTargets();
        healthy = Thread.ofPlatform().name("healthy-client").daemon(true).unstarted(this::healthyLoop);
        healthy.start();
        // the scenario starts once the well-behaved client is connected and answered (it holds one of the
        // server's connections, e.g. under a connection limit)
        try {
            if (!firstAnswer.await(HEALTHY_READ.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("the well-behaved client got no first answer: " + healthyFailure.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (healthyFailure.get() != null) {
            throw new AssertionError("the well-behaved client failed at once: " + healthyFailure.get(), healthyFailure.get());
        }
    }

    /** Adds a figure to the printed line, e.g. {@code refused=50}. */
    HostileRun note(String key, Object value) {
        extra.append(' ').append(key).append('=').append(value);
        return this;
    }

    private void healthyLoop() {
        try (ActTestClient c = new ActTestClient(transport, server.address())) {
            long i = 0;
            while (!stopping) {
                byte[] payload = pattern((int) (i % 64), i);
                long start = System.nanoTime();
                c.send(echo(i, payload));
                assertFrame(c.read(HEALTHY_READ), i, ECHO, STATUS_OK, payload);
                long took = System.nanoTime() - start;
                if (took > healthyWorstNanos) {
                    healthyWorstNanos = took;
                }
                healthyAnswers = ++i;
                firstAnswer.countDown();
                ActTestClient.pause(Duration.ofMillis(5));
            }
        } catch (Throwable t) {
            healthyFailure.set(t);
        } finally {
            firstAnswer.countDown();
        }
    }

    /**
     * Stops the well-behaved client, waits for the server to count no connection, then asserts that it was
     * answered throughout and that threads and descriptors are back at the baseline; prints the line.
     */
    void finish() throws InterruptedException {
        finished = true;
        stopping = true;
        healthy.join(HEALTHY_READ.toMillis() * 2);
        Throwable failure = healthyFailure.get();
        if (failure != null) {
            throw new AssertionError("the well-behaved client failed during " + scenario + " after "
                    + healthyAnswers + " answers: " + failure, failure);
        }
        assertTrue(healthyAnswers > 0, "the well-behaved client got no answer");
        int open = OwnProcessProbe.awaitAtMost(server::openConnections, 0, Duration.ofSeconds(15));
        assertEquals(0, open, "the server still counts open connections after every client left");
        int threadsAfter = OwnProcessProbe.awaitAtMost(OwnProcessProbe::liveThreads,
                threadBaseline + THREAD_TOLERANCE, Duration.ofSeconds(15));
        int fdsAfter = OwnProcessProbe.awaitAtMost(OwnProcessProbe::openFileDescriptors,
                fdBaseline + FD_TOLERANCE, Duration.ofSeconds(15));
        // settle downwards a little, so the printed figure is not a thread still ending
        int[] settledAfter = settled(OwnProcessProbe::liveThreads, OwnProcessProbe::openFileDescriptors);
        threadsAfter = Math.min(threadsAfter, settledAfter[0]);
        fdsAfter = Math.min(fdsAfter, settledAfter[1]);
        boolean inMemory = RawConnection.inMemory(transport);
        System.out.println(String.format(Locale.ROOT,
                "HOSTILE %s server=%s transport=%s fds %d->%d%s threads %d->%d healthy_answers=%d healthy_worst_ms=%.1f%s",
                scenario, serverName, transport.name(), fdBaseline, fdsAfter, inMemory ? " (none per connection)" : "",
                threadBaseline, threadsAfter, healthyAnswers, healthyWorstNanos / 1e6, extra));
        assertTrue(threadsAfter <= threadBaseline + THREAD_TOLERANCE,
                "platform threads did not return to the baseline " + threadBaseline + " (+" + THREAD_TOLERANCE + "): "
                        + threadsAfter + "; before " + threadsBefore + ", after " + OwnProcessProbe.threadNames());
        if (OwnProcessProbe.canCountFileDescriptors()) {
            assertTrue(fdsAfter <= fdBaseline + FD_TOLERANCE,
                    "file descriptors did not return to the baseline " + fdBaseline + " (+" + FD_TOLERANCE + "): "
                            + fdsAfter + (inMemory ? " (a " + transport.name() + " connection holds none: the server opened"
                            + " files of its own)" : "") + "; before " + fdsBefore + ", after "
                            + OwnProcessProbe.fileDescriptorTargets());
        }
    }

    /** Heap in use after a full collection, in bytes. */
    static long usedHeapAfterGc() {
        for (int i = 0; i < 2; i++) {
            ManagementFactory.getMemoryMXBean().gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * The heap growth {@code readers} clients that never read may cause: per connection the pending-output
     * limit plus one answer, in an output buffer that grows by doubling (so up to twice that); and 32 MiB for
     * everything else, which over mem includes the transport's buffers (two pipes of at most 256 KiB per
     * connection). Output buffered without bound would be gigabytes.
     */
    static long neverReadHeapBound(Limits limits, int readers) {
        long largestAnswer = Math.max(limits.maxReplyBytes(), limits.maxEventBytes());
        return (long) readers * 2L * (limits.maxPendingOutputBytes() + largestAnswer) + (32L << 20);
    }

    /** Stops the well-behaved client if the scenario failed before {@link #finish}; the server is the caller's. */
    @Override
    public void close() {
        stopping = true;
        if (!finished) {
            try {
                healthy.join(HEALTHY_READ.toMillis() * 2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The values, in the order of {@code counts}, once none of them has gone down for 300 ms (threads and
     * descriptors of closed connections may still be ending), each the lowest seen; at most 5 s. The counts
     * are watched together, so settling several costs one window of 300 ms, not one each.
     */
    static int[] settled(IntSupplier... counts) {
        int[] values = new int[counts.length];
        for (int i = 0; i < counts.length; i++) {
            values[i] = counts[i].getAsInt();
        }
        int unchanged = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (unchanged < 15 && System.nanoTime() - deadline < 0) {
            ActTestClient.pause(Duration.ofMillis(20));
            boolean wentDown = false;
            for (int i = 0; i < counts.length; i++) {
                int next = counts[i].getAsInt();
                if (next < values[i]) {
                    values[i] = next;
                    wentDown = true;
                }
            }
            unchanged = wentDown ? 0 : unchanged + 1;
        }
        return values;
    }
}
