package dev.harness.conformance;

import static dev.harness.conformance.ActFrames.ECHO;
import static dev.harness.conformance.ActFrames.STATUS_OK;
import static dev.harness.conformance.ActFrames.SUBSCRIBE;
import static dev.harness.conformance.ActFrames.WORK;
import static dev.harness.conformance.ActFrames.concat;
import static dev.harness.conformance.ActFrames.echo;
import static dev.harness.conformance.ActFrames.header;
import static dev.harness.conformance.ActFrames.relay;
import static dev.harness.conformance.ActFrames.subscribe;
import static dev.harness.conformance.ActFrames.work;
import static dev.harness.conformance.HostileRun.FD_TOLERANCE;
import static dev.harness.conformance.HostileRun.THREAD_TOLERANCE;
import static dev.harness.conformance.Wire.HOST;
import static dev.harness.conformance.Wire.IO;
import static dev.harness.conformance.Wire.ascii;
import static dev.harness.conformance.Wire.assertConnectionError;
import static dev.harness.conformance.Wire.assertEchoStillAnswered;
import static dev.harness.conformance.Wire.assertFrame;
import static dev.harness.conformance.Wire.assertFrameOfSize;
import static dev.harness.conformance.Wire.assertOk;
import static dev.harness.conformance.Wire.assertOkOfSize;
import static dev.harness.conformance.Wire.countsOf;
import static dev.harness.conformance.Wire.get;
import static dev.harness.conformance.Wire.pattern;
import static dev.harness.conformance.Wire.readAnswers;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.harness.conformance.ActFrames.Frame;
import dev.harness.conformance.HttpTestClient.Response;
import dev.harness.server.Server;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reliability promises of {@code docs/design.md} on the kit's servers: one misbehaving client (a half
 * frame, a client that never reads, a slowloris header) costs only itself while others are served, and what
 * clients made the server take (threads, file descriptors, connections) is given back when they leave and at
 * shutdown. The resource checks count the test JVM's own threads and descriptors ({@link OwnProcessProbe})
 * after 50 clients and their RELAY connections; shutdown is checked on a server of its own.
 */
abstract class ReliabilityContract extends ContractTopic {

    ReliabilityContract(ServerContractTest kit) {
        super(kit);
    }

    /** One misbehaving client costs only itself: everyone else keeps being served. */
    @Nested
    class Isolation {

        @Test
        void clientStalledInTheMiddleOfAFrameDoesNotStopOthers() throws IOException {
            byte[] frame = echo(0x51, ascii("completed much later"));
            try (ActTestClient stalled = act()) {
                stalled.send(Arrays.copyOf(frame, 9));
                assertOthersServed();
                stalled.send(Arrays.copyOfRange(frame, 9, frame.length));
                assertFrame(stalled.read(IO), 0x51, ECHO, STATUS_OK, ascii("completed much later"));
            }
        }

        @Test
        void clientThatNeverReadsItsRepliesDoesNotStopOthers() throws IOException {
            try (ActTestClient neverReads = act(); HttpTestClient neverReadsHttp = http()) {
                // 64 KiB events without end in sight: far more than the socket buffers hold
                neverReads.send(subscribe(0x52, limits.maxEvents(), 0, limits.maxEventBytes()));
                StringBuilder pipeline = new StringBuilder();
                for (int i = 0; i < 16; i++) {
                    pipeline.append(get("/work?reply_bytes=" + limits.maxReplyBytes()));
                }
                neverReadsHttp.send(pipeline.toString());
                assertOthersServed();
            }
        }

        @Test
        void slowlorisHeaderDoesNotStopOthers() throws IOException {
            byte[] rest = ascii("abcdefgh\r\n\r\n");
            try (HttpTestClient slow = http()) {
                slow.send("GET /echo HTTP/1.1\r\n" + HOST + "X-Slow: ");
                for (byte b : rest) {
                    assertOthersServed();
                    slow.send(new byte[] {b});
                }
                assertOk(slow.read(IO), ascii("hello\n"));
            }
        }

        @Test
        void allMisbehavingAtOnceDoNotStopConcurrentWellBehavedClients() throws Exception {
            try (ActTestClient halfFrame = act();
                 ActTestClient neverReads = act();
                 HttpTestClient slowloris = http();
                 HttpTestClient halfBody = http();
                 ActTestClient garbage = act()) {
                halfFrame.send(Arrays.copyOf(echo(1, ascii("half")), 5));
                neverReads.send(subscribe(2, limits.maxEvents(), 0, limits.maxEventBytes()));
                slowloris.send("GET /echo HTTP/1.1\r\nX-");
                halfBody.send("POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 100\r\n\r\nonly part of it");
                garbage.send(header(5, 0, ECHO, 0, 0));
                runConcurrentClients(6, 30);
                assertConnectionError(garbage.read(IO));
            }
        }

        /**
         * A pipeline of CPU-heavy WORK on one connection, on one event loop for the models that have them:
         * another connection's ECHO, sent while it runs, is answered while the pipeline is still running, so
         * when that answer is read only the few pipeline answers made meanwhile are there, not all of them. A
         * server that handled the whole pipeline in one go would have written every one of its answers before
         * the ECHO's. The ECHO is sent a fifth of a WORK after the pipeline, so that it arrives while the first
         * WORK runs, after the loop gathered the pipeline: sent at once, it often arrived in the same round and
         * was answered whatever the loop did with the rest (a proactor whose write completions started new
         * turns within one round passed that way by chance, and failed on busy machines). Each request burns
         * half a second, so the answers counted after the ECHO's are those already there or due within a fifth
         * of that: a machine busy enough to change the count would have to stall this thread for hundreds of
         * milliseconds at a time.
         */
        @Test
        @Timeout(value = 120, unit = SECONDS)
        void aPipelineOfCpuWorkDoesNotHoldAnotherConnectionUntilItEnds() throws Exception {
            int requests = 8;
            int cpuMicros = 500_000;
            try (Server s = start(config().withEventLoops(1));
                 ActTestClient hog = act(s);
                 ActTestClient other = act(s)) {
                assertEchoStillAnswered(other); // both connections are the server's before the pipeline starts
                assertEchoStillAnswered(hog);
                byte[][] pipeline = new byte[requests][];
                for (int i = 0; i < requests; i++) {
                    pipeline[i] = work(i, cpuMicros, 0, 0);
                }
                hog.send(concat(pipeline));
                Thread.sleep(cpuMicros / 1000 / 5); // the pipeline's first WORK is running: the ECHO arrives in a later round
                other.send(echo(7, pattern(16, 7)));
                assertFrame(other.read(Duration.ofSeconds(60)), 7, ECHO, STATUS_OK, pattern(16, 7));
                int answeredBefore = 0;
                try {
                    while (answeredBefore < requests) {
                        hog.read(Duration.ofMillis(cpuMicros / 1000 / 5));
                        answeredBefore++;
                    }
                } catch (SocketTimeoutException rest) {
                    // the next answer of the pipeline was not there yet: the ECHO came before it
                }
                assertTrue(answeredBefore < requests / 2, answeredBefore + " of " + requests + " pipelined WORK"
                        + " cpu_us=" + cpuMicros + " were answered by the time another connection's ECHO was:"
                        + " the pipeline held the other connection until it ended");
            }
        }

        @Test
        void concurrentClientsOfBothProtocolsAreAllServed() throws Exception {
            runConcurrentClients(8, 50);
        }
    }

    /** What clients made the server take is given back when they leave; shutdown releases everything. */
    @Nested
    class Resources {

        /*
         * The baseline is taken after a warm-up round of the same work, so that classes are loaded, jars
         * opened, and lazily created JDK threads exist already: virtual-thread carriers (ForkJoinPool-*-worker-*),
         * the virtual-thread unparker and pollers, the JUnit timeout watcher. A tolerance of a few threads
         * and descriptors stays for JDK-internal threads and files that may still appear later (a carrier
         * the scheduler adds under load, a lazily opened jar, an Attach Listener); a per-connection leak
         * after 50 connections (and 50 more RELAY connections to the downstream) is far above it. The
         * tolerances are those of the hostile scenarios: HostileRun's THREAD_TOLERANCE and FD_TOLERANCE.
         */

        @Test
        @Timeout(value = 120, unit = SECONDS)
        void fileDescriptorsAndThreadsReturnToTheirBaselineAfterClientsLeave() throws IOException {
            useAndCloseConnections(6);
            awaitNoOpenConnections(server);
            awaitNoOpenConnections(downstream);
            int[] baseline = HostileRun.settled(OwnProcessProbe::liveThreads, OwnProcessProbe::openFileDescriptors);
            int threadBaseline = baseline[0];
            int fdBaseline = baseline[1];
            Map<String, Integer> threadsBefore = OwnProcessProbe.threadNames();
            Map<String, Integer> fdsBefore = OwnProcessProbe.fileDescriptorTargets();

            useAndCloseConnections(50);

            awaitNoOpenConnections(server);
            awaitNoOpenConnections(downstream);
            int threadsAfter = OwnProcessProbe.awaitAtMost(OwnProcessProbe::liveThreads,
                    threadBaseline + THREAD_TOLERANCE, Duration.ofSeconds(10));
            assertTrue(threadsAfter <= threadBaseline + THREAD_TOLERANCE,
                    "platform threads did not return to the baseline " + threadBaseline + " (+" + THREAD_TOLERANCE
                            + "): " + threadsAfter + "; before " + threadsBefore + ", after " + OwnProcessProbe.threadNames());
            if (OwnProcessProbe.canCountFileDescriptors()) {
                int fdsAfter = OwnProcessProbe.awaitAtMost(OwnProcessProbe::openFileDescriptors,
                        fdBaseline + FD_TOLERANCE, Duration.ofSeconds(10));
                assertTrue(fdsAfter <= fdBaseline + FD_TOLERANCE,
                        "file descriptors did not return to the baseline " + fdBaseline + " (+" + FD_TOLERANCE + "): "
                                + fdsAfter + "; before " + fdsBefore + ", after " + OwnProcessProbe.fileDescriptorTargets());
            }
        }

        /**
         * Over tcp every open connection holds descriptors of this JVM (the client's socket and the one the
         * server accepted, besides the client's poller); over mem none, so there the count must not move while
         * the connections are open: the server opens no descriptor of its own per connection either.
         */
        @Test
        void openConnectionsHoldDescriptorsOverTcpAndNoneOverMem() throws IOException {
            assumeTrue(OwnProcessProbe.canCountFileDescriptors(), "no /proc/self/fd to count descriptors in");
            int connections = 20;
            useAndCloseConnections(6);
            awaitNoOpenConnections(server);
            awaitNoOpenConnections(downstream);
            int fdBaseline = HostileRun.settled(OwnProcessProbe::openFileDescriptors)[0];
            List<ActTestClient> open = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    ActTestClient c = act();
                    open.add(c);
                    assertEchoStillAnswered(c);
                }
                int fdsOpen = OwnProcessProbe.openFileDescriptors();
                if (RawConnection.inMemory(transport)) {
                    assertTrue(fdsOpen <= fdBaseline + FD_TOLERANCE, "with " + connections + " " + transport.name()
                            + " connections open the descriptors went from " + fdBaseline + " to " + fdsOpen
                            + ", but a mem connection holds none: " + OwnProcessProbe.fileDescriptorTargets());
                } else {
                    assertTrue(fdsOpen >= fdBaseline + 2 * connections, "with " + connections + " " + transport.name()
                            + " connections open the descriptors went only from " + fdBaseline + " to " + fdsOpen
                            + ", fewer than the two sockets each connection has in this JVM");
                }
            } finally {
                for (ActTestClient c : open) {
                    c.close();
                }
            }
        }

        @Test
        void shutdownClosesConnectionsReleasesThreadsAndStopsAccepting() throws Exception {
            useAndCloseConnections(4);
            awaitNoOpenConnections(server);
            awaitNoOpenConnections(downstream);
            int threadBaseline = HostileRun.settled(OwnProcessProbe::liveThreads)[0];
            Server own = start(config());
            InetSocketAddress address = own.address();
            boolean stopped = false;
            try (ActTestClient idleAct = act(own);
                 HttpTestClient idleHttp = http(own);
                 ActTestClient streaming = act(own)) {
                assertEchoStillAnswered(idleAct);
                idleHttp.send(get("/echo"));
                assertOk(idleHttp.read(IO), ascii("hello\n"));
                // a stream of 10 s in progress: shutdown without grace must end it
                streaming.send(subscribe(9, 1_000, 10_000, 4));
                assertFrameOfSize(streaming.read(IO), 9, SUBSCRIBE, STATUS_OK, 4);
                assertTrue(own.openConnections() >= 3, "openConnections() = " + own.openConnections() + " with 3 open");

                own.shutdown(Duration.ZERO);
                stopped = true;

                assertEquals(0, own.openConnections(), "openConnections() after shutdown");
                idleAct.assertClosedByServer(IO);
                idleHttp.assertClosedByServer(IO);
                int frames = 1;
                try {
                    while (true) {
                        Frame f = streaming.read(IO);
                        assertFrameOfSize(f, 9, SUBSCRIBE, STATUS_OK, 4);
                        frames++;
                    }
                } catch (EOFException | SocketException closed) {
                    assertTrue(frames < 1_000, "the stream was cut short by the shutdown");
                }
            } finally {
                if (!stopped) {
                    own.close();
                }
            }
            assertThrows(IOException.class, () -> RawConnection.connect(transport, address, Duration.ofSeconds(2)).close(),
                    "a stopped server still accepts");
            int threadsAfter = OwnProcessProbe.awaitAtMost(OwnProcessProbe::liveThreads,
                    threadBaseline + THREAD_TOLERANCE, Duration.ofSeconds(10));
            assertTrue(threadsAfter <= threadBaseline + THREAD_TOLERANCE,
                    "threads after shutdown " + threadsAfter + " over the baseline " + threadBaseline + ": "
                            + OwnProcessProbe.threadNames());
        }

        /**
         * Opens {@code n} connections at once, half ACT frames and half HTTP, uses each (including a RELAY,
         * which makes the server open a connection of its own), then closes them all.
         */
        private void useAndCloseConnections(int n) throws IOException {
            List<ActTestClient> acts = new ArrayList<>();
            List<HttpTestClient> https = new ArrayList<>();
            try {
                for (int i = 0; i < n / 2; i++) {
                    acts.add(act());
                    https.add(http());
                }
                for (int i = 0; i < acts.size(); i++) {
                    ActTestClient c = acts.get(i);
                    c.send(concat(echo(i, pattern(i, i)), work(1_000 + i, 10, 1_000, 8), relay(2_000 + i, ECHO, ascii("r"))));
                    Map<Long, List<Frame>> answers = readAnswers(c, countsOf(List.of((long) i, 1_000L + i, 2_000L + i), 1));
                    assertFrame(answers.get((long) i).get(0), i, ECHO, STATUS_OK, pattern(i, i));
                    HttpTestClient h = https.get(i);
                    h.send(get("/relay/work?reply_bytes=3&wait_us=1000"));
                    assertOkOfSize(h.read(IO), 3);
                }
            } finally {
                for (ActTestClient c : acts) {
                    c.close();
                }
                for (HttpTestClient h : https) {
                    h.close();
                }
            }
        }

        private static void awaitNoOpenConnections(Server s) {
            int left = OwnProcessProbe.awaitAtMost(s::openConnections, 0, Duration.ofSeconds(10));
            assertEquals(0, left, "server " + s.address() + " still counts open connections after every client left");
        }

    }

    void assertOthersServed() throws IOException {
        for (int i = 0; i < 3; i++) {
            assertNewConnectionServed();
        }
        try (ActTestClient c = act()) {
            c.send(work(0x0E, 0, 1_000, 16));
            assertFrameOfSize(c.read(IO), 0x0E, WORK, STATUS_OK, 16);
        }
    }

    /** {@code clients} threads, each with its own connection, half of each protocol, {@code requests} each. */
    void runConcurrentClients(int clients, int requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients, Thread.ofPlatform().name("conformance-client-", 0).factory());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < clients; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    if (id % 2 == 0) {
                        try (ActTestClient c = act()) {
                            for (int i = 0; i < requests; i++) {
                                long a = ((long) id << 32) | i;
                                byte[] payload = pattern(id + i, id * 1_000 + i);
                                c.send(echo(a, payload));
                                assertFrame(c.read(IO), a, ECHO, STATUS_OK, payload);
                            }
                        }
                    } else {
                        try (HttpTestClient h = http()) {
                            for (int i = 0; i < requests; i++) {
                                String token = id + "-" + i;
                                h.send(get("/echo", "X-ACT: " + token + "\r\n"));
                                Response r = h.read(IO);
                                assertOk(r, ascii("hello\n"));
                                assertEquals(token, r.header("X-ACT").orElse(null));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, SECONDS);
            }
        } finally {
            pool.shutdownNow();
            assertTrue(pool.awaitTermination(30, SECONDS), "client threads did not end");
        }
    }
}
