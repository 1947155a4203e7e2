package dev.harness.conformance;

import static dev.harness.conformance.ActFrames.ECHO;
import static dev.harness.conformance.ActFrames.STATUS_ERROR;
import static dev.harness.conformance.ActFrames.STATUS_OK;
import static dev.harness.conformance.ActFrames.WORK;
import static dev.harness.conformance.ActFrames.concat;
import static dev.harness.conformance.ActFrames.echo;
import static dev.harness.conformance.ActFrames.header;
import static dev.harness.conformance.ActFrames.subscribe;
import static dev.harness.conformance.ActFrames.work;
import static dev.harness.conformance.Wire.IO;
import static dev.harness.conformance.Wire.ascii;
import static dev.harness.conformance.Wire.assertEchoStillAnswered;
import static dev.harness.conformance.Wire.assertEventStream;
import static dev.harness.conformance.Wire.assertFrame;
import static dev.harness.conformance.Wire.assertFrameOfSize;
import static dev.harness.conformance.Wire.assertOk;
import static dev.harness.conformance.Wire.countsOf;
import static dev.harness.conformance.Wire.get;
import static dev.harness.conformance.Wire.range;
import static dev.harness.conformance.Wire.readAnswers;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames.Frame;
import dev.harness.conformance.HttpTestClient.Response;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile clients: slowloris, silent and half-closed connections, resets in the middle of a frame, clients
 * that never read, thousands of connects and disconnects, more connections than {@code maxConnections}, and
 * more requests than the server can run at once. Each scenario runs on a server of its own with short
 * timeouts, with a well-behaved client beside it ({@link HostileRun}), and ends with the test JVM's threads
 * and file descriptors back at their baseline. Each prints one {@code HOSTILE ...} line with what it observed.
 */
abstract class HostileContract extends ContractTopic {

    private static final Duration SHORT_HEADER_TIMEOUT = Duration.ofMillis(500);
    /**
     * Longer than the header timeout of the slowloris test: a rolling client's header is pending for one
     * round trip at a time, and a round trip on a busy machine can take hundreds of milliseconds.
     */
    private static final Duration ROLLING_HEADER_TIMEOUT = Duration.ofMillis(1_500);
    /** Idle timeout for the test that sends in its own time: a stalled test must not look like an idle client. */
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(1);

    private Server own;

    HostileContract(ContractKit kit) {
        super(kit);
    }

    private Server startOwn(ServerConfig config) throws IOException {
        own = start(config);
        return own;
    }

    @AfterEach
    void stopOwn() throws InterruptedException {
        if (own != null) {
            own.shutdown(Duration.ofSeconds(2));
            own = null;
        }
    }

    /** How the scenarios that reset connections name what a reset is over the kit's transport. */
    private String resets() {
        return RawConnection.inMemory(transport) ? "close (" + transport.name() + " has no resets)" : "rst";
    }

    private static void assertActConnectionErrorThenClose(byte[] answer, String context) {
        assertTrue(answer.length >= 16, context + ": expected an ERROR frame with act 0, got " + answer.length + " bytes");
        List<Frame> frames = ActFrames.parse(answer);
        assertEquals(1, frames.size(), context + ": exactly one frame before the close");
        assertEquals(0L, frames.get(0).act(), context + ": act");
        assertEquals(STATUS_ERROR, frames.get(0).status(), context + ": status");
    }

    private static void assertHttpStatusThenClose(byte[] answer, int status, String context) {
        String text = new String(answer, ISO_8859_1);
        assertTrue(text.startsWith("HTTP/1.1 " + status + " "), context + ": expected " + status + ", got '" + text + "'");
        assertTrue(text.toLowerCase(Locale.ROOT).contains("\r\nconnection: close\r\n"),
                context + ": expected Connection: close in '" + text + "'");
    }

    @Test
    void slowlorisHeadersAreCutByTheHeaderTimeout() throws Exception {
        Server s = startOwn(config().withHeaderTimeout(SHORT_HEADER_TIMEOUT));
        try (HostileRun run = new HostileRun("slowloris", factory.name(), transport, s)) {
            List<RawConnection> slow = new ArrayList<>();
            List<Boolean> isHttp = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    RawConnection connection = raw(s);
                    slow.add(connection);
                    isHttp.add(i % 2 == 0);
                    // HTTP: a request line, then a header one byte at a time; ACT: the header one byte at a time
                    connection.write(i % 2 == 0 ? ascii("GET /echo HTTP/1.1\r\nX-Slow: ") : new byte[] {0}, IO);
                }
                // the 16-byte ACT header of a valid ECHO, one byte every 150 ms: 2.4 s, almost five header timeouts
                byte[] actHeader = header(12 + 8, 0x5107, ECHO, 0, 0);
                int[] actSent = new int[slow.size()];
                for (int i = 0; i < slow.size(); i++) {
                    actSent[i] = 1;
                }
                long start = System.nanoTime();
                int answered = 0;
                int rounds = 0;
                boolean[] done = new boolean[slow.size()];
                while (answered < slow.size()) {
                    assertTrue(System.nanoTime() - start < Duration.ofSeconds(30).toNanos(),
                            "slowloris clients still connected after 30 s with a header timeout of " + SHORT_HEADER_TIMEOUT);
                    for (int i = 0; i < slow.size(); i++) {
                        if (done[i]) {
                            continue;
                        }
                        RawConnection connection = slow.get(i);
                        if (connection.available() > 0) {
                            byte[] answer = connection.readUntilClosed(IO);
                            if (isHttp.get(i)) {
                                assertHttpStatusThenClose(answer, 408, "HTTP slowloris");
                            } else {
                                assertActConnectionErrorThenClose(answer, "ACT slowloris");
                            }
                            done[i] = true;
                            answered++;
                            continue;
                        }
                        try {
                            if (isHttp.get(i)) {
                                connection.write(ascii("a"), IO);
                            } else if (rounds % 3 == 0) {
                                assertTrue(actSent[i] < actHeader.length,
                                        "the whole ACT header went out before the header timeout ended the connection");
                                connection.write(new byte[] {actHeader[actSent[i]++]}, IO);
                            }
                        } catch (IOException closedUnderUs) {
                            byte[] answer = connection.readUntilClosed(IO);
                            assertTrue(answer.length > 0, "closed without an answer: " + closedUnderUs);
                            done[i] = true;
                            answered++;
                        }
                    }
                    ActTestClient.pause(Duration.ofMillis(50));
                    rounds++;
                }
            } finally {
                for (RawConnection connection : slow) {
                    connection.close();
                }
            }
            run.note("slow_clients", slow.size()).note("header_timeout_ms", SHORT_HEADER_TIMEOUT.toMillis());
            run.finish();
        }
    }

    /**
     * The header timeout counts from the first byte of each header, not of the connection: a client whose
     * every write completes one request and starts the next (so a header is always pending) is served for
     * two header timeouts and more, where a clock started with the connection would have cut it after one.
     */
    @Test
    void aHeaderAlwaysPendingButAlwaysCompletingIsNotCut() throws Exception {
        Server s = startOwn(config().withHeaderTimeout(ROLLING_HEADER_TIMEOUT));
        try (HostileRun run = new HostileRun("rolling-headers", factory.name(), transport, s);
             ActTestClient act = act(s);
             HttpTestClient http = http(s)) {
            long until = System.nanoTime() + 2 * ROLLING_HEADER_TIMEOUT.toNanos();
            byte[] previousAct = echo(0, ascii("rolling 0"));
            byte[] previousHttp = ascii(get("/echo", "X-ACT: 0\r\n"));
            act.send(Arrays.copyOf(previousAct, 7));
            http.send(Arrays.copyOf(previousHttp, 7));
            int i = 0;
            while (System.nanoTime() - until < 0) {
                i++;
                byte[] nextAct = echo(i, ascii("rolling " + i));
                byte[] nextHttp = ascii(get("/echo", "X-ACT: " + i + "\r\n"));
                act.send(concat(Arrays.copyOfRange(previousAct, 7, previousAct.length), Arrays.copyOf(nextAct, 7)));
                http.send(concat(Arrays.copyOfRange(previousHttp, 7, previousHttp.length), Arrays.copyOf(nextHttp, 7)));
                assertFrame(act.read(IO), i - 1, ECHO, STATUS_OK, ascii("rolling " + (i - 1)));
                Response r = http.read(IO);
                assertOk(r, ascii("hello\n"));
                assertEquals(String.valueOf(i - 1), r.header("X-ACT").orElse(null));
                previousAct = nextAct;
                previousHttp = nextHttp;
                ActTestClient.pause(Duration.ofMillis(20));
            }
            run.note("requests_per_connection", i).note("header_timeout_ms", ROLLING_HEADER_TIMEOUT.toMillis());
            act.close();
            http.close();
            run.finish();
        }
    }

    /**
     * Every request is sent as soon as its connection is open, so that no connection the test means to be
     * busy sits idle while the test waits on another; the silent one is closed, and not before the timeout.
     */
    @Test
    void silentConnectionsAreClosedByTheIdleTimeoutAndBusyOnesAreNot() throws Exception {
        Server s = startOwn(config().withIdleTimeout(IDLE_TIMEOUT));
        long idleMicros = IDLE_TIMEOUT.toNanos() / 1_000;
        int events = 5;
        try (HostileRun run = new HostileRun("idle", factory.name(), transport, s)) {
            long opened = System.nanoTime();
            try (RawConnection silent = raw(s);
                 ActTestClient busy = act(s);
                 ActTestClient streaming = act(s);
                 HttpTestClient afterHttp = http(s);
                 ActTestClient afterAct = act(s)) {
                // in progress for three idle timeouts: a request in progress is not idle
                busy.send(work(0xB0, 0, 3 * idleMicros, 8));
                streaming.send(subscribe(0xB1, events, 3 * idleMicros / events, 4));
                afterHttp.send(get("/echo"));
                assertEchoStillAnswered(afterAct);
                assertOk(afterHttp.read(IO), ascii("hello\n"));

                assertFrameOfSize(busy.read(IO), 0xB0, WORK, STATUS_OK, 8);
                assertEventStream(streaming, 0xB1, events, 4);
                assertEquals(0, silent.readUntilClosed(IO).length, "a silent connection is closed without an answer");
                long silentFor = System.nanoTime() - opened;
                assertTrue(silentFor >= IDLE_TIMEOUT.toNanos(), "a silent connection was closed after "
                        + silentFor / 1_000_000 + " ms, before the idle timeout of " + IDLE_TIMEOUT.toMillis() + " ms");
                afterAct.assertClosedByServer(IO);
                afterHttp.assertClosedByServer(IO);
                busy.assertClosedByServer(IO);
                streaming.assertClosedByServer(IO);
            }
            run.note("idle_timeout_ms", IDLE_TIMEOUT.toMillis());
            run.finish();
        }
    }

    @Test
    @Timeout(value = 120, unit = SECONDS)
    void clientsThatNeverReadKeepServerMemoryBounded() throws Exception {
        Server s = startOwn(config());
        int readers = 8;
        try (HostileRun run = new HostileRun("never-read", factory.name(), transport, s)) {
            long heapBefore = HostileRun.usedHeapAfterGc();
            List<RawConnection> neverRead = new ArrayList<>();
            try {
                for (int i = 0; i < readers; i++) {
                    RawConnection connection = raw(s);
                    neverRead.add(connection);
                    if (i % 2 == 1) {
                        // 48 pipelined answers of 1 MiB each: 48 MiB per connection, were they gathered
                        StringBuilder pipeline = new StringBuilder();
                        for (int k = 0; k < 48; k++) {
                            pipeline.append(get("/work?reply_bytes=" + limits.maxReplyBytes()));
                        }
                        connection.write(ascii(pipeline.toString()), IO);
                    } else {
                        // up to 100,000 events of 64 KiB: gigabytes, were they buffered
                        connection.write(subscribe(i, limits.maxEvents(), 0, limits.maxEventBytes()), IO);
                    }
                }
                ActTestClient.pause(Duration.ofSeconds(2));
                long heapDuring = HostileRun.usedHeapAfterGc();
                long growth = heapDuring - heapBefore;
                long bound = HostileRun.neverReadHeapBound(limits, readers);
                run.note("heap_growth_mib", growth >> 20).note("bound_mib", bound >> 20);
                assertTrue(growth < bound, "heap grew by " + (growth >> 20) + " MiB for " + readers
                        + " clients that never read (bound " + (bound >> 20) + " MiB)");
            } finally {
                for (RawConnection connection : neverRead) {
                    connection.reset();
                }
            }
            run.note("resets", resets());
            run.finish();
        }
    }

    @Test
    void halfClosedAndResetConnectionsInTheMiddleOfAFrame() throws Exception {
        Server s = startOwn(config());
        int rounds = 50;
        try (HostileRun run = new HostileRun("half-close-reset", factory.name(), transport, s)) {
            byte[] frame = echo(0x77, ascii("half-closed after a whole request"));
            byte[] httpRequest = ascii(get("/echo"));
            for (int i = 0; i < rounds; i++) {
                boolean http = i % 2 == 0;
                byte[] whole = http ? httpRequest : frame;
                // half a request, then a half-close: the server closes its side
                try (RawConnection connection = raw(s)) {
                    connection.write(Arrays.copyOf(whole, whole.length / 2), IO);
                    connection.shutdownOutput();
                    connection.readUntilClosed(IO);
                }
                // a whole request, then a half-close: the answer still comes, then the close
                try (RawConnection connection = raw(s)) {
                    connection.write(whole, IO);
                    connection.shutdownOutput();
                    byte[] answer = connection.readUntilClosed(IO);
                    if (http) {
                        assertTrue(new String(answer, ISO_8859_1).startsWith("HTTP/1.1 200 "), "answer to a half-closed client");
                    } else {
                        assertEquals(frame.length, answer.length, "the echo of a half-closed client");
                    }
                }
                // half a request, then a reset
                RawConnection connection = raw(s);
                connection.write(Arrays.copyOf(whole, 1 + i % (whole.length - 1)), IO);
                connection.reset();
            }
            run.note("rounds", rounds * 3).note("resets", resets());
            run.finish();
        }
    }

    @Test
    @Timeout(value = 180, unit = SECONDS)
    void thousandsOfConnectsAndDisconnects() throws Exception {
        Server s = startOwn(config());
        int connections = 2_000;
        try (HostileRun run = new HostileRun("connect-churn", factory.name(), transport, s)) {
            byte[] frame = echo(0x99, ascii("churn"));
            for (int i = 0; i < connections; i++) {
                RawConnection connection = raw(s);
                switch (i % 4) {
                    case 0 -> connection.close();
                    case 1 -> {
                        connection.write(frame, IO);
                        assertEquals(frame.length, connection.readNBytes(frame.length, IO).length, "echo");
                        connection.close();
                    }
                    case 2 -> connection.reset();
                    default -> {
                        connection.write(Arrays.copyOf(frame, 7), IO);
                        connection.close();
                    }
                }
            }
            run.note("connections", connections).note("resets", resets());
            run.finish();
        }
    }

    @Test
    void connectionsOverTheLimitAreRefusedPolitely() throws Exception {
        int max = 8;
        Server s = startOwn(config().withMaxConnections(max));
        try (HostileRun run = new HostileRun("max-connections", factory.name(), transport, s)) {
            List<ActTestClient> held = new ArrayList<>();
            int refused = 0;
            try {
                // the well-behaved client holds one connection; these take the rest
                for (int i = 0; i < max - 1; i++) {
                    ActTestClient c = act(s);
                    held.add(c);
                    assertEchoStillAnswered(c);
                }
                assertEquals(max, s.openConnections(), "openConnections() at the limit");
                for (int i = 0; i < 40; i++) {
                    try (RawConnection connection = raw(s)) {
                        boolean http = i % 2 == 0;
                        connection.write(http ? ascii(get("/echo")) : echo(5, ascii("over the limit")), IO);
                        byte[] answer = connection.readUntilClosed(IO);
                        if (http) {
                            assertHttpStatusThenClose(answer, 503, "a connection over the limit");
                        } else {
                            assertActConnectionErrorThenClose(answer, "a connection over the limit");
                        }
                        assertTrue(new String(answer, UTF_8).contains("--max-connections"),
                                "the refusal names the option");
                        refused++;
                    }
                }
                for (ActTestClient c : held) {
                    assertEchoStillAnswered(c);
                }
                // room again: a new connection is served
                held.remove(0).close();
                assertEquals(max - 1, OwnProcessProbe.awaitAtMost(s::openConnections, max - 1, Duration.ofSeconds(10)));
                try (ActTestClient c = act(s)) {
                    assertEchoStillAnswered(c);
                }
            } finally {
                for (ActTestClient c : held) {
                    c.close();
                }
            }
            run.note("refused", refused);
            run.finish();
        }
    }

    @Test
    @Timeout(value = 120, unit = SECONDS)
    void requestsBeyondCapacityAreAllAnsweredLater() throws Exception {
        Server s = startOwn(config());
        int clients = 16;
        int requests = 100;
        try (HostileRun run = new HostileRun("overload", factory.name(), transport, s)) {
            // 16 clients each pipelining 100 WORK of 1 ms CPU: 1.6 s of CPU sent at once, far beyond two cores
            List<ActTestClient> all = new ArrayList<>();
            try {
                for (int c = 0; c < clients; c++) {
                    ActTestClient client = act(s);
                    all.add(client);
                    byte[][] frames = new byte[requests][];
                    for (int i = 0; i < requests; i++) {
                        frames[i] = work(i, 1_000, 0, 16);
                    }
                    client.send(concat(frames));
                }
                for (ActTestClient client : all) {
                    Map<Long, List<Frame>> answers = readAnswers(client, countsOf(range(0, requests), 1));
                    assertEquals(requests, answers.size());
                }
            } finally {
                for (ActTestClient client : all) {
                    client.close();
                }
            }
            run.note("requests", clients * requests);
            run.finish();
        }
    }
}
