package dev.harness.conformance;

import static dev.harness.conformance.ActFrames.concat;
import static dev.harness.conformance.ActFrames.subscribe;
import static dev.harness.conformance.ActFrames.work;
import static dev.harness.conformance.Wire.IO;
import static dev.harness.conformance.Wire.ascii;
import static dev.harness.conformance.Wire.get;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.server.Server;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The memory a server holds for output it cannot write: answers queued for a client that never reads, in
 * any order the model completes them. Each scenario runs on a server of its own with a well-behaved client
 * beside it ({@link HostileRun}) and asserts the heap the clients made the server take, after a full
 * collection, against a bound per connection that does not depend on what the clients asked for.
 */
abstract class OutputBoundsContract extends ContractTopic {

    /** Longer than {@link #OBSERVED}, so the answers behind it are still held when the heap is measured. */
    private static final long SLOW_WAIT_MICROS = 5_000_000;
    private static final Duration OBSERVED = Duration.ofSeconds(2);
    private static final int STREAMS_BEHIND = 4;
    private static final Duration SHORT_WRITE_TIMEOUT = Duration.ofSeconds(2);

    OutputBoundsContract(ServerContractTest kit) {
        super(kit);
    }

    /**
     * A slow WORK first, then streams of the largest events at no interval, on one connection that never
     * reads: HTTP must hold the streams' answers until the slow one is written (request order), ACT may
     * send them at once. Either way what the server holds for the connection is bounded, not gigabytes.
     */
    @Test
    @Timeout(value = 120, unit = SECONDS)
    void answersQueuedBehindASlowRequestKeepMemoryBounded() throws Exception {
        int clients = 8;
        try (Server s = start(config());
             HostileRun run = new HostileRun("held-behind-slow", factory.name(), transport, s)) {
            long heapBefore = HostileRun.usedHeapAfterGc();
            List<RawConnection> neverRead = new ArrayList<>();
            try {
                for (int i = 0; i < clients; i++) {
                    RawConnection connection = raw(s);
                    neverRead.add(connection);
                    connection.write(i % 2 == 0 ? httpSlowThenStreams() : actSlowThenStreams(), IO);
                }
                ActTestClient.pause(OBSERVED);
                long growth = HostileRun.usedHeapAfterGc() - heapBefore;
                long bound = HostileRun.neverReadHeapBound(limits, clients);
                run.note("heap_growth_mib", growth >> 20).note("bound_mib", bound >> 20);
                assertTrue(growth < bound, "heap grew by " + (growth >> 20) + " MiB for " + clients
                        + " clients that never read, each behind a slow request (bound " + (bound >> 20) + " MiB)");
            } finally {
                for (RawConnection connection : neverRead) {
                    connection.reset();
                }
            }
            run.finish();
        }
    }

    /**
     * Clients that ask for more than the transport's buffers hold and never read are closed once nothing of
     * their output has been written for the write timeout; the well-behaved client beside them, which reads,
     * is not.
     */
    @Test
    @Timeout(value = 120, unit = SECONDS)
    void connectionsThatDoNotReadAreClosedByTheWriteTimeout() throws Exception {
        int clients = 4;
        try (Server s = start(config().withWriteTimeout(SHORT_WRITE_TIMEOUT));
             HostileRun run = new HostileRun("write-timeout", factory.name(), transport, s)) {
            List<RawConnection> neverRead = new ArrayList<>();
            try {
                openEndlessStreams(s, clients, neverRead);
                int open = OwnProcessProbe.awaitAtMost(s::openConnections, 1, Duration.ofSeconds(60));
                assertEquals(1, open, "connections still open 60 s after " + clients + " clients stopped reading,"
                        + " with a write timeout of " + SHORT_WRITE_TIMEOUT.toMillis() + " ms");
            } finally {
                for (RawConnection connection : neverRead) {
                    connection.reset();
                }
            }
            run.note("write_timeout_ms", SHORT_WRITE_TIMEOUT.toMillis());
            run.finish();
        }
    }

    /**
     * Clients that ask for endless streams of the largest events and never read, with no write timeout: left
     * alone, each comes to hold at least one event, so together they hold more than an output budget of one
     * event; the budget alone makes the server close the heaviest of them until what is held fits. Without
     * the budget none is ever closed. The well-behaved client beside them, which reads, keeps its answers.
     */
    @Test
    @Timeout(value = 120, unit = SECONDS)
    void theOutputBudgetClosesTheHeaviestConnectionsThatDoNotRead() throws Exception {
        int clients = 6;
        long budget = limits.maxEventBytes();
        try (Server s = start(config().withWriteTimeout(Duration.ZERO).withMaxOutputBytes(budget));
             HostileRun run = new HostileRun("output-budget", factory.name(), transport, s)) {
            List<RawConnection> neverRead = new ArrayList<>();
            try {
                openEndlessStreams(s, clients, neverRead);
                int open = OwnProcessProbe.awaitAtMost(s::openConnections, clients, Duration.ofSeconds(60));
                assertTrue(open <= clients, "no connection was closed 60 s after " + clients + " clients that never"
                        + " read asked for endless streams of events of the budget's size (" + budget + " bytes),"
                        + " with no write timeout");
                int held = OwnProcessProbe.awaitAtMost(() -> (int) s.heldOutputBytes(), (int) budget, Duration.ofSeconds(60));
                run.note("budget_bytes", budget).note("held_bytes", held).note("open_after", s.openConnections());
                assertTrue(held <= budget, "the server still holds " + held + " bytes of output 60 s after " + clients
                        + " clients that never read asked for endless streams, over its budget of " + budget + " bytes");
            } finally {
                for (RawConnection connection : neverRead) {
                    connection.reset();
                }
            }
            run.finish();
        }
    }

    /**
     * Opens {@code clients} connections to {@code s} into {@code neverRead}, each asking for an endless stream
     * of the largest events (HTTP and ACT in turn), and waits until the server has taken every one of them
     * and the well-behaved client's: none can be judged closed before.
     */
    private void openEndlessStreams(Server s, int clients, List<RawConnection> neverRead) throws IOException {
        for (int i = 0; i < clients; i++) {
            RawConnection connection = raw(s);
            neverRead.add(connection);
            connection.write(i % 2 == 0
                    ? ascii(get("/subscribe?count=" + limits.maxEvents() + "&interval_us=0&event_bytes="
                            + limits.maxEventBytes()))
                    : subscribe(i, limits.maxEvents(), 0, limits.maxEventBytes()), IO);
        }
        assertTrue(OwnProcessProbe.awaitAtLeast(s::openConnections, clients + 1, IO) >= clients + 1,
                "the server did not take the " + clients + " connections");
    }

    private byte[] httpSlowThenStreams() {
        StringBuilder pipeline = new StringBuilder(get("/work?wait_us=" + SLOW_WAIT_MICROS));
        for (int k = 0; k < STREAMS_BEHIND; k++) {
            pipeline.append(get("/subscribe?count=" + limits.maxEvents() + "&interval_us=0&event_bytes="
                    + limits.maxEventBytes()));
        }
        return ascii(pipeline.toString());
    }

    private byte[] actSlowThenStreams() {
        byte[][] frames = new byte[STREAMS_BEHIND + 1][];
        frames[0] = work(0, 0, SLOW_WAIT_MICROS, 0);
        for (int k = 1; k <= STREAMS_BEHIND; k++) {
            frames[k] = subscribe(k, limits.maxEvents(), 0, limits.maxEventBytes());
        }
        return concat(frames);
    }
}
