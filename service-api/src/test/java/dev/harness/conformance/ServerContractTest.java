package dev.harness.conformance;

import static dev.harness.conformance.ActTestClient.ECHO;
import static dev.harness.conformance.ActTestClient.RELAY;
import static dev.harness.conformance.ActTestClient.STATUS_ERROR;
import static dev.harness.conformance.ActTestClient.STATUS_LAST;
import static dev.harness.conformance.ActTestClient.STATUS_OK;
import static dev.harness.conformance.ActTestClient.SUBSCRIBE;
import static dev.harness.conformance.ActTestClient.WORK;
import static dev.harness.conformance.ActTestClient.concat;
import static dev.harness.conformance.ActTestClient.echo;
import static dev.harness.conformance.ActTestClient.frame;
import static dev.harness.conformance.ActTestClient.header;
import static dev.harness.conformance.ActTestClient.relay;
import static dev.harness.conformance.ActTestClient.subscribe;
import static dev.harness.conformance.ActTestClient.u32s;
import static dev.harness.conformance.ActTestClient.work;
import static dev.harness.conformance.Wire.HOST;
import static dev.harness.conformance.Wire.IO;
import static dev.harness.conformance.Wire.PACE;
import static dev.harness.conformance.Wire.ascii;
import static dev.harness.conformance.Wire.assertChunked;
import static dev.harness.conformance.Wire.assertConnectionError;
import static dev.harness.conformance.Wire.assertEchoStillAnswered;
import static dev.harness.conformance.Wire.assertEventStream;
import static dev.harness.conformance.Wire.assertFrame;
import static dev.harness.conformance.Wire.assertFrameOfSize;
import static dev.harness.conformance.Wire.assertOk;
import static dev.harness.conformance.Wire.assertOkOfSize;
import static dev.harness.conformance.Wire.assertRequestError;
import static dev.harness.conformance.Wire.assertStatus;
import static dev.harness.conformance.Wire.countsOf;
import static dev.harness.conformance.Wire.get;
import static dev.harness.conformance.Wire.hex;
import static dev.harness.conformance.Wire.over;
import static dev.harness.conformance.Wire.pattern;
import static dev.harness.conformance.Wire.post;
import static dev.harness.conformance.Wire.range;
import static dev.harness.conformance.Wire.readAnswers;
import static dev.harness.conformance.Wire.sendOrShowEarlyAnswer;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.harness.conformance.ActTestClient.Frame;
import dev.harness.conformance.HttpTestClient.Response;
import dev.harness.service.Limits;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactory;
import dev.harness.transport.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The conformance kit: the behaviour {@code docs/protocol.md} promises, checked against one server model over one
 * {@link Transport}. Every server × transport combination gets the whole suite from a thin subclass whose
 * constructor names both, as Netty's testsuite runs every test over every combination: a new model adds one
 * subclass per transport, a new transport one subclass per model.
 *
 * <p>The kit starts every server with {@code config.withTransport(transport)} and its clients connect through
 * the same transport ({@link RawConnection}). What a transport does not have, the checks say rather than
 * silently pass: over mem a connection holds no file descriptor (the descriptor checks still run and still
 * hold, and {@link Resources} checks that the count does not move while connections are open), and a client's
 * reset is a close ({@link RawConnection#inMemory}). Threads and heap are checked alike over both.
 *
 * <p>The kit speaks to the server with its own raw clients ({@link ActTestClient}, {@link HttpTestClient})
 * and never with the project's codecs, so a codec bug cannot hide behind itself. It asserts behaviour and
 * exact bytes — acts, ops, status bytes, payload contents and lengths, HTTP status codes, header fields,
 * chunk boundaries, who closes the connection — never speed: every wait is a generous timeout for slow,
 * noisy CI machines, and the only clock assertions are lower bounds ("the server waited at least
 * {@code wait_us}"), which noise cannot break.
 *
 * <p>Two servers of the model are started once per class: {@link #downstream} with {@link #config()}, and
 * {@link #server}, the server under test, with the same configuration plus {@code withDownstream} pointing
 * at the first, so RELAY runs through a real chain of two servers of the same model. Tests that need a
 * special configuration (small limits, shutdown) start their own server and shut it down. Costs: two
 * servers per class, a few hundred short-lived connections, some seconds of wall time on two cores.
 *
 * <p>It also checks the reliability promises of {@code docs/design.md}: misbehaving clients (a half frame, a
 * client that never reads, a slowloris header) do not stop others being served, and the test JVM's file
 * descriptors and platform threads return to their baseline after 50 clients leave.
 *
 * <pre>{@code
 * class SyncThreadsMemTest extends ServerContractTest {
 *     SyncThreadsMemTest() {
 *         super(new SyncThreadsServerFactory(), Transport.mem());
 *     }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 60, unit = SECONDS)
public abstract class ServerContractTest {

    /** The model under test. */
    protected final ServerFactory factory;
    /** What the servers listen on and the kit's clients connect through. */
    protected final Transport transport;
    /** The server under test; RELAY goes to {@link #downstream}. */
    protected Server server;
    /** A second server of the same model with no downstream of its own. */
    protected Server downstream;
    protected Limits limits;

    protected ServerContractTest(ServerFactory factory, Transport transport) {
        this.factory = factory;
        this.transport = transport;
    }

    /**
     * The configuration every server of the kit starts from; override to test a model with other settings.
     * It must not set a downstream (the kit points the server under test at its own second server), and its
     * transport is replaced by the kit's.
     */
    protected ServerConfig config() {
        return ServerConfig.loopback();
    }

    /** Starts a server of the model under test with {@code config} over the kit's transport. */
    protected final Server start(ServerConfig config) throws IOException {
        return factory.start(config.withTransport(transport));
    }

    @BeforeAll
    @Timeout(value = 30, unit = SECONDS)
    void startServers() throws IOException {
        ServerConfig base = config();
        if (base.downstream().isPresent()) {
            throw new IllegalStateException("config() must not set a downstream: the kit starts its own");
        }
        limits = base.limits();
        downstream = start(base);
        server = start(base.withDownstream(downstream.address()));
    }

    @AfterAll
    @Timeout(value = 30, unit = SECONDS)
    void stopServers() throws InterruptedException {
        // the server under test first: its RELAY connections are clients of the downstream
        if (server != null) {
            server.shutdown(Duration.ofSeconds(5));
        }
        if (downstream != null) {
            downstream.shutdown(Duration.ofSeconds(5));
        }
    }

    // =====================================================================================================
    // ACT frames: the operations
    // =====================================================================================================

    /** Op ECHO (0x01): one frame, status OK, the same bytes back. */
    @Nested
    class ActEcho {

        @Test
        void kitBuildsTheExampleFrameOfTheProtocol() {
            // docs/protocol.md §3: the kit's own frame builder must match the spec's bytes before it checks anyone
            assertArrayEquals(hex("00000011 000000000000002A 01000000 68656C6C6F"), echo(0x2A, ascii("hello")));
        }

        @Test
        void echoOfTheExampleFrameReturnsTheSameBytes() throws IOException {
            try (ActTestClient c = act()) {
                c.send(hex("00000011 000000000000002A 01000000 68656C6C6F"));
                assertFrame(c.read(IO), 0x2A, ECHO, STATUS_OK, ascii("hello"));
            }
        }

        @Test
        void echoOfEmptyPayloadAnswersEmptyPayload() throws IOException {
            try (ActTestClient c = act()) {
                c.send(echo(7, new byte[0]));
                assertFrame(c.read(IO), 7, ECHO, STATUS_OK, new byte[0]);
            }
        }

        @Test
        void echoOfEveryByteValue() throws IOException {
            byte[] all = new byte[256];
            for (int i = 0; i < all.length; i++) {
                all[i] = (byte) i;
            }
            try (ActTestClient c = act()) {
                c.send(echo(0x0102_0304_0506_0708L, all));
                assertFrame(c.read(IO), 0x0102_0304_0506_0708L, ECHO, STATUS_OK, all);
            }
        }

        @Test
        void echoOfPayloadAtTheLimit() throws IOException {
            byte[] payload = pattern(limits.maxPayloadBytes(), 42);
            try (ActTestClient c = act()) {
                c.send(echo(99, payload));
                assertFrame(c.read(IO), 99, ECHO, STATUS_OK, payload);
                byte[] nearly = pattern(limits.maxPayloadBytes() - 1, 43);
                c.send(echo(100, nearly));
                assertFrame(c.read(IO), 100, ECHO, STATUS_OK, nearly);
            }
        }

        @Test
        void actIsReturnedUnchangedWhateverItsBits() throws IOException {
            long[] acts = {0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000L, 0xFFFF_FFFFL, 0xDEAD_BEEF_CAFE_BABEL};
            try (ActTestClient c = act()) {
                for (long a : acts) {
                    byte[] payload = ascii("act " + Long.toHexString(a));
                    c.send(echo(a, payload));
                    assertFrame(c.read(IO), a, ECHO, STATUS_OK, payload);
                }
            }
        }
    }

    /** Op WORK (0x02): burn, wait, then one frame of {@code reply_bytes}. */
    @Nested
    class ActWork {

        @Test
        void kitBuildsTheExampleWorkFrameOfTheProtocol() {
            assertArrayEquals(hex("00000018 0000000000000007 02000000 0000000A 000003E8 00000020"),
                    work(7, 10, 1000, 32));
        }

        @Test
        void workOfTheExampleAnswersReplyBytes() throws IOException {
            try (ActTestClient c = act()) {
                c.send(hex("00000018 0000000000000007 02000000 0000000A 000003E8 00000020"));
                assertFrameOfSize(c.read(IO), 7, WORK, STATUS_OK, 32);
            }
        }

        @Test
        void workWaitsAtLeastWaitMicrosThenAnswersReplyBytes() throws IOException {
            try (ActTestClient c = act()) {
                long start = System.nanoTime();
                c.send(work(0x5EED, 2_000, 50_000, 100));
                Frame f = c.read(IO);
                long elapsedMicros = (System.nanoTime() - start) / 1_000;
                assertFrameOfSize(f, 0x5EED, WORK, STATUS_OK, 100);
                // a lower bound only: noise can make it longer, never shorter
                assertTrue(elapsedMicros >= 50_000, "answered after " + elapsedMicros + " us, before wait_us=50000");
            }
        }

        @Test
        void workOfNothingAnswersEmptyPayload() throws IOException {
            try (ActTestClient c = act()) {
                c.send(work(3, 0, 0, 0));
                assertFrame(c.read(IO), 3, WORK, STATUS_OK, new byte[0]);
            }
        }

        @Test
        void workAnswersReplyBytesAtTheLimit() throws IOException {
            try (ActTestClient c = act()) {
                c.send(work(4, 0, 0, limits.maxReplyBytes()));
                assertFrameOfSize(c.read(IO), 4, WORK, STATUS_OK, limits.maxReplyBytes());
            }
        }
    }

    /** Op SUBSCRIBE (0x03): {@code count} frames under one act, the last with status LAST. */
    @Nested
    class ActSubscribe {

        @Test
        void subscribeStreamsCountFramesUnderOneActOnlyTheLastMarkedLast() throws IOException {
            try (ActTestClient c = act()) {
                long start = System.nanoTime();
                c.send(subscribe(0xFEED_0001L, 5, 10_000, 33));
                assertEventStream(c, 0xFEED_0001L, 5, 33);
                long elapsedMicros = (System.nanoTime() - start) / 1_000;
                // "one every interval_us": at least (count - 1) intervals whether the first waits or not
                assertTrue(elapsedMicros >= 4 * 10_000, "5 events at 10 ms intervals took only " + elapsedMicros + " us");
                assertEchoStillAnswered(c);
            }
        }

        @Test
        void subscribeOfOneEventIsOneLastFrame() throws IOException {
            try (ActTestClient c = act()) {
                c.send(subscribe(11, 1, 0, 8));
                assertEventStream(c, 11, 1, 8);
                assertEchoStillAnswered(c);
            }
        }

        @Test
        void subscribeOfEmptyEvents() throws IOException {
            try (ActTestClient c = act()) {
                c.send(subscribe(12, 3, 0, 0));
                assertEventStream(c, 12, 3, 0);
            }
        }

        @Test
        void subscribeOfALongStream() throws IOException {
            try (ActTestClient c = act()) {
                c.send(subscribe(13, 2_000, 0, 100));
                assertEventStream(c, 13, 2_000, 100);
                assertEchoStillAnswered(c);
            }
        }
    }

    /** Op RELAY (0x04): the server as an initiator on its downstream; the client's act comes back. */
    @Nested
    class ActRelay {

        @Test
        void relayedEchoCarriesTheOriginalActAndTheDownstreamPayload() throws IOException {
            byte[] inner = ascii("through a chain of two servers");
            try (ActTestClient c = act()) {
                c.send(relay(0x0BAD_CAFE_0000_0001L, ECHO, inner));
                assertFrame(c.read(IO), 0x0BAD_CAFE_0000_0001L, RELAY, STATUS_OK, inner);
            }
        }

        @Test
        void relayedEchoOfEmptyPayload() throws IOException {
            try (ActTestClient c = act()) {
                c.send(relay(5, ECHO, new byte[0]));
                assertFrame(c.read(IO), 5, RELAY, STATUS_OK, new byte[0]);
            }
        }

        @Test
        void relayedWorkCarriesTheDownstreamReply() throws IOException {
            try (ActTestClient c = act()) {
                c.send(relay(-2L, WORK, u32s(100, 1_000, 77)));
                assertFrameOfSize(c.read(IO), -2L, RELAY, STATUS_OK, 77);
            }
        }

        @Test
        void relayedSubscribeReturnsEveryEventUnderTheOriginalAct() throws IOException {
            try (ActTestClient c = act()) {
                c.send(relay(0x77, SUBSCRIBE, u32s(3, 1_000, 9)));
                for (int i = 1; i <= 3; i++) {
                    assertFrameOfSize(c.read(IO), 0x77, RELAY, i == 3 ? STATUS_LAST : STATUS_OK, 9);
                }
                assertEchoStillAnswered(c);
            }
        }

        @Test
        void relayedErrorCarriesTheDownstreamStatusAndPayload() throws IOException {
            byte[] inner = ascii("no such op");
            Frame direct;
            try (ActTestClient d = act(downstream)) {
                d.send(frame(0x11, 0x7E, inner));
                direct = d.read(IO);
            }
            assertRequestError(direct, 0x11, 0x7E);
            try (ActTestClient c = act()) {
                c.send(relay(0x22, 0x7E, inner));
                assertFrame(c.read(IO), 0x22, RELAY, STATUS_ERROR, direct.payload());
                assertEchoStillAnswered(c);
            }
        }

        @Test
        void pipelinedRelaysKeepEachAct() throws IOException {
            Map<Long, byte[]> payloads = new LinkedHashMap<>();
            byte[] all = new byte[0];
            for (int i = 0; i < 20; i++) {
                long a = 0x1000L + i;
                payloads.put(a, pattern(i * 13, i));
                all = concat(all, relay(a, ECHO, payloads.get(a)));
            }
            try (ActTestClient c = act()) {
                c.send(all);
                Map<Long, List<Frame>> answers = readAnswers(c, countsOf(payloads.keySet(), 1));
                payloads.forEach((a, p) -> assertFrame(answers.get(a).get(0), a, RELAY, STATUS_OK, p));
            }
        }

        @Test
        void relayWithoutDownstreamAnswersErrorAndKeepsTheConnection() throws IOException {
            try (ActTestClient c = act(downstream)) {
                c.send(relay(0x33, ECHO, ascii("nowhere to go")));
                assertRequestError(c.read(IO), 0x33, RELAY);
                assertEchoStillAnswered(c);
            }
        }
    }

    // =====================================================================================================
    // ACT frames: errors and limits
    // =====================================================================================================

    /** Per-request errors: one ERROR frame with the request's act and op; the connection stays open. */
    @Nested
    class ActRequestErrors {

        @ParameterizedTest(name = "op 0x{0}")
        @ValueSource(strings = {"00", "05", "7F", "80", "FF"})
        void unknownOpAnswersErrorWithActAndOpAndKeepsTheConnection(String opHex) throws IOException {
            int op = Integer.parseInt(opHex, 16);
            try (ActTestClient c = act()) {
                c.send(frame(0xAB00 + op, op, ascii("payload of an unknown op")));
                assertRequestError(c.read(IO), 0xAB00 + op, op);
                assertEchoStillAnswered(c);
            }
        }

        @ParameterizedTest(name = "{0} payload bytes")
        @ValueSource(ints = {0, 4, 11, 13, 24})
        void workPayloadOfWrongSizeAnswersErrorAndKeepsTheConnection(int size) throws IOException {
            try (ActTestClient c = act()) {
                c.send(frame(0xC0 + size, WORK, new byte[size]));
                assertRequestError(c.read(IO), 0xC0 + size, WORK);
                assertEchoStillAnswered(c);
            }
        }

        @ParameterizedTest(name = "{0} payload bytes")
        @ValueSource(ints = {0, 11, 13})
        void subscribePayloadOfWrongSizeAnswersErrorAndKeepsTheConnection(int size) throws IOException {
            try (ActTestClient c = act()) {
                c.send(frame(0xD0 + size, SUBSCRIBE, new byte[size]));
                assertRequestError(c.read(IO), 0xD0 + size, SUBSCRIBE);
                assertEchoStillAnswered(c);
            }
        }

        @Test
        void relayWithoutInnerOpAnswersErrorAndKeepsTheConnection() throws IOException {
            try (ActTestClient c = act()) {
                c.send(frame(0xE0, RELAY, new byte[0]));
                assertRequestError(c.read(IO), 0xE0, RELAY);
                assertEchoStillAnswered(c);
            }
        }

        @Test
        void severalErrorsInOneWriteAreEachAnsweredAndFramingHolds() throws IOException {
            try (ActTestClient c = act()) {
                c.send(concat(
                        frame(1, 0x42, pattern(100, 1)),
                        echo(2, ascii("between errors")),
                        frame(3, WORK, new byte[5]),
                        frame(4, 0x99, new byte[0]),
                        echo(5, ascii("after errors"))));
                Map<Long, List<Frame>> answers = readAnswers(c, countsOf(List.of(1L, 2L, 3L, 4L, 5L), 1));
                assertRequestError(answers.get(1L).get(0), 1, 0x42);
                assertFrame(answers.get(2L).get(0), 2, ECHO, STATUS_OK, ascii("between errors"));
                assertRequestError(answers.get(3L).get(0), 3, WORK);
                assertRequestError(answers.get(4L).get(0), 4, 0x99);
                assertFrame(answers.get(5L).get(0), 5, ECHO, STATUS_OK, ascii("after errors"));
            }
        }
    }

    /** A WORK or SUBSCRIBE over a limit: an ERROR frame (never an out-of-memory); the connection stays open. */
    @Nested
    class ActLimits {

        @Test
        void workOverEachDefaultLimitAnswersErrorAndKeepsTheConnection() throws IOException {
            int[][] overs = {
                    {over(limits.maxCpuMicros()), 0, 0},
                    {0, over(limits.maxWaitMicros()), 0},
                    {0, 0, over(limits.maxReplyBytes())},
                    {0xFFFF_FFFF, 0, 0},   // u32 max: a server reading it as a signed -1 would take it for small
                    {0, 0xFFFF_FFFF, 0},
                    {0, 0, 0xFFFF_FFFF},
                    {0, 0, 0x8000_0000},
            };
            try (ActTestClient c = act()) {
                for (int i = 0; i < overs.length; i++) {
                    int[] o = overs[i];
                    c.send(work(0x1_0000 + i, o[0], o[1], o[2]));
                    assertRequestError(c.read(IO), 0x1_0000 + i, WORK);
                    assertEchoStillAnswered(c);
                }
            }
        }

        @Test
        void subscribeOverEachDefaultLimitAnswersErrorAndKeepsTheConnection() throws IOException {
            int[][] overs = {
                    {over(limits.maxEvents()), 0, 1},
                    {1, over(limits.maxIntervalMicros()), 1},
                    {1, 0, over(limits.maxEventBytes())},
                    {0xFFFF_FFFF, 0, 1},
                    {1, 0xFFFF_FFFF, 1},
                    {1, 0, 0xFFFF_FFFF},
            };
            try (ActTestClient c = act()) {
                for (int i = 0; i < overs.length; i++) {
                    int[] o = overs[i];
                    c.send(subscribe(0x2_0000 + i, o[0], o[1], o[2]));
                    assertRequestError(c.read(IO), 0x2_0000 + i, SUBSCRIBE);
                    assertEchoStillAnswered(c);
                }
            }
        }

        @Test
        void configuredLimitsAreEnforcedExactly() throws IOException {
            Limits small = new Limits(64, limits.maxHeaderBytes(), 64, 100, 1_000, 64, 3, 1_000, 8,
                    limits.maxPendingOutputBytes());
            try (Server own = start(config().withLimits(small));
                 ActTestClient c = act(own)) {
                // at each limit: served
                c.send(echo(1, pattern(64, 1)));
                assertFrame(c.read(IO), 1, ECHO, STATUS_OK, pattern(64, 1));
                c.send(work(2, 100, 1_000, 64));
                assertFrameOfSize(c.read(IO), 2, WORK, STATUS_OK, 64);
                c.send(subscribe(3, 3, 1_000, 8));
                assertEventStream(c, 3, 3, 8);
                // one over each limit: ERROR, and the connection goes on
                int[][] workOvers = {{101, 0, 0}, {0, 1_001, 0}, {0, 0, 65}};
                for (int[] o : workOvers) {
                    c.send(work(4, o[0], o[1], o[2]));
                    assertRequestError(c.read(IO), 4, WORK);
                }
                int[][] subscribeOvers = {{4, 0, 1}, {1, 1_001, 1}, {1, 0, 9}};
                for (int[] o : subscribeOvers) {
                    c.send(subscribe(5, o[0], o[1], o[2]));
                    assertRequestError(c.read(IO), 5, SUBSCRIBE);
                }
                assertEchoStillAnswered(c);
                // a payload over the configured limit is an untrusted header: ERROR with act 0, then close
                c.send(header(12 + 65, 6, ECHO, 0, 0));
                assertConnectionError(c.read(IO));
                c.assertClosedByServer(IO);
            }
        }
    }

    /** Headers that cannot be trusted and unknown protocols: ERROR with act 0, then the server closes. */
    @Nested
    class ActConnectionErrors {

        @ParameterizedTest(name = "length {0}")
        @ValueSource(ints = {0, 1, 11})
        void lengthBelow12AnswersErrorWithActZeroAndCloses(int length) throws IOException {
            // a whole 16-byte header, so that a server that reads the header before checking it can check it
            assertRejectedHeader(header(length, 0x5A5A, ECHO, 0, 0));
        }

        @Test
        void lengthOverTheLimitAnswersErrorWithActZeroAndCloses() throws IOException {
            assertRejectedHeader(header(12 + limits.maxPayloadBytes() + 1, 0x5A5A, ECHO, 0, 0));
        }

        @Test
        void largestLengthThatStartsWithZeroIsRefused() throws IOException {
            // 0x00FFFFFF: detected as an ACT frame by its first byte, far over the 1 MiB default
            assertRejectedHeader(header(0x00FF_FFFF, 0x5A5A, ECHO, 0, 0));
        }

        @ParameterizedTest(name = "reserved 0x{0}")
        @ValueSource(strings = {"0001", "0100", "8000", "FFFF"})
        void reservedNotZeroAnswersErrorWithActZeroAndCloses(String reservedHex) throws IOException {
            assertRejectedHeader(header(12, 0x5A5A, ECHO, 0, Integer.parseInt(reservedHex, 16)));
        }

        @ParameterizedTest(name = "length 0x{0}")
        @ValueSource(strings = {"7FFFFFF0", "FFFFFFFF", "80000000"})
        void hugeLengthAfterAValidFrameIsRefusedWithoutAllocation(String lengthHex) throws IOException {
            int length = Integer.parseUnsignedInt(lengthHex, 16);
            try (ActTestClient c = act()) {
                assertEchoStillAnswered(c); // the connection speaks ACT frames; now a length no one can trust
                c.send(header(length, 0x5A5A, ECHO, 0, 0));
                // a server that tried to allocate ~2 GiB in the bounded test heap would fail here, not answer
                assertConnectionError(c.read(IO));
                c.assertClosedByServer(IO);
            }
            assertNewConnectionServed();
        }

        @Test
        void validFramesBeforeABadHeaderAreAnsweredFirst() throws IOException {
            try (ActTestClient c = act()) {
                c.send(concat(echo(1, ascii("one")), echo(2, ascii("two")), header(3, 9, ECHO, 0, 0)));
                Frame first = c.read(IO);
                Frame second = c.read(IO);
                Frame third = c.read(IO);
                assertFrame(first, 1, ECHO, STATUS_OK, ascii("one"));
                assertFrame(second, 2, ECHO, STATUS_OK, ascii("two"));
                assertConnectionError(third);
                c.assertClosedByServer(IO);
            }
        }

        @ParameterizedTest(name = "first byte 0x{0}")
        @ValueSource(strings = {"01", "7F", "FF", "67" /* g */, "40" /* @, before A */, "5B" /* [, after Z */, "20", "0D"})
        void firstByteNeitherZeroNorUpperCaseAnswersErrorWithActZeroAndCloses(String byteHex) throws IOException {
            try (ActTestClient c = act()) {
                c.send(new byte[] {(byte) Integer.parseInt(byteHex, 16)});
                assertConnectionError(c.read(IO));
                c.assertClosedByServer(IO);
            }
            assertNewConnectionServed();
        }

        private void assertRejectedHeader(byte[] badHeader) throws IOException {
            try (ActTestClient c = act()) {
                c.send(badHeader);
                assertConnectionError(c.read(IO));
                c.assertClosedByServer(IO);
            }
            // the same bad header after a good frame, on an established connection
            try (ActTestClient c = act()) {
                assertEchoStillAnswered(c);
                c.send(badHeader);
                assertConnectionError(c.read(IO));
                c.assertClosedByServer(IO);
            }
            assertNewConnectionServed();
        }
    }

    // =====================================================================================================
    // ACT frames: pipelining, coalesced and split frames
    // =====================================================================================================

    /** Many frames per write, frames spread over many writes; answers matched by act, never by position. */
    @Nested
    class ActFraming {

        @Test
        void manyMixedFramesInOneWriteAreAllAnsweredMatchedByAct() throws IOException {
            Map<Long, Integer> framesPerAct = new HashMap<>();
            Map<Long, byte[]> echoes = new HashMap<>();
            Map<Long, Integer> replyBytes = new HashMap<>();
            byte[] all = new byte[0];
            for (int i = 0; i < 150; i++) {
                long a = 0x7000_0000_0000L + i;
                switch (i % 3) {
                    case 0 -> {
                        echoes.put(a, pattern(i * 7 % 301, i));
                        all = concat(all, echo(a, echoes.get(a)));
                        framesPerAct.put(a, 1);
                    }
                    case 1 -> {
                        replyBytes.put(a, i);
                        all = concat(all, work(a, 10, (i % 5) * 200, i));
                        framesPerAct.put(a, 1);
                    }
                    default -> {
                        replyBytes.put(a, i % 20);
                        all = concat(all, subscribe(a, 1 + i % 4, 100, i % 20));
                        framesPerAct.put(a, 1 + i % 4);
                    }
                }
            }
            try (ActTestClient c = act()) {
                c.send(all);
                Map<Long, List<Frame>> answers = readAnswers(c, framesPerAct);
                for (Map.Entry<Long, List<Frame>> e : answers.entrySet()) {
                    long a = e.getKey();
                    List<Frame> frames = e.getValue();
                    if (echoes.containsKey(a)) {
                        assertFrame(frames.get(0), a, ECHO, STATUS_OK, echoes.get(a));
                    } else if (frames.get(0).op() == WORK) {
                        assertFrameOfSize(frames.get(0), a, WORK, STATUS_OK, replyBytes.get(a));
                    } else {
                        for (int k = 0; k < frames.size(); k++) {
                            assertFrameOfSize(frames.get(k), a, SUBSCRIBE,
                                    k == frames.size() - 1 ? STATUS_LAST : STATUS_OK, replyBytes.get(a));
                        }
                    }
                }
            }
        }

        @Test
        void coalescedFramesWithOneCutAcrossTheWriteBoundary() throws IOException {
            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                frames.add(echo(i, pattern(10 + i, i)));
            }
            byte[] all = concat(frames.toArray(byte[][]::new));
            int startOf11th = 0;
            for (int i = 0; i < 10; i++) {
                startOf11th += frames.get(i).length;
            }
            try (ActTestClient c = act()) {
                // cut inside the 11th header, then inside the 15th payload
                int cutInPayload = startOf11th + frames.get(10).length + frames.get(11).length + frames.get(12).length
                        + frames.get(13).length + 16 + 5;
                c.sendSplit(all, PACE, startOf11th + 7, cutInPayload);
                Map<Long, List<Frame>> answers = readAnswers(c, countsOf(range(0, 20), 1));
                for (long a = 0; a < 20; a++) {
                    assertFrame(answers.get(a).get(0), a, ECHO, STATUS_OK, pattern(10 + (int) a, (int) a));
                }
            }
        }

        @Test
        void framesSplitAtEveryOffsetAreAnswered() throws IOException {
            byte[] echoFrame = echo(0x0102_0304_0506_0708L, ascii("split-frame"));
            byte[] workFrame = work(0x1112_1314_1516_1718L, 0, 0, 5);
            try (ActTestClient c = act()) {
                // the very first piece on the connection is one byte: protocol detection on the first byte alone
                for (int cut = 1; cut < echoFrame.length; cut++) {
                    try {
                        c.sendSplit(echoFrame, PACE, cut);
                        assertFrame(c.read(IO), 0x0102_0304_0506_0708L, ECHO, STATUS_OK, ascii("split-frame"));
                    } catch (IOException | AssertionError e) {
                        throw new AssertionError("ECHO frame split after byte " + cut + " of " + echoFrame.length, e);
                    }
                }
                for (int cut = 1; cut < workFrame.length; cut++) {
                    try {
                        c.sendSplit(workFrame, PACE, cut);
                        assertFrameOfSize(c.read(IO), 0x1112_1314_1516_1718L, WORK, STATUS_OK, 5);
                    } catch (IOException | AssertionError e) {
                        throw new AssertionError("WORK frame split after byte " + cut + " of " + workFrame.length, e);
                    }
                }
            }
        }

        @Test
        void framesDeliveredOneBytePerWriteAreAnswered() throws IOException {
            try (ActTestClient c = act()) {
                c.sendByteByByte(echo(21, ascii("byte by byte")), PACE);
                assertFrame(c.read(IO), 21, ECHO, STATUS_OK, ascii("byte by byte"));
                c.sendByteByByte(subscribe(22, 2, 0, 3), PACE);
                assertEventStream(c, 22, 2, 3);
                c.sendByteByByte(relay(23, ECHO, ascii("relayed")), PACE);
                assertFrame(c.read(IO), 23, RELAY, STATUS_OK, ascii("relayed"));
            }
        }

        @Test
        void halfClosedClientStillGetsItsAnswers() throws IOException {
            try (ActTestClient c = act()) {
                c.send(concat(echo(1, ascii("then FIN")), work(2, 0, 1_000, 3)));
                c.shutdownOutput();
                Map<Long, List<Frame>> answers = readAnswers(c, countsOf(List.of(1L, 2L), 1));
                assertFrame(answers.get(1L).get(0), 1, ECHO, STATUS_OK, ascii("then FIN"));
                assertFrameOfSize(answers.get(2L).get(0), 2, WORK, STATUS_OK, 3);
                c.assertClosedByServer(IO);
            }
        }
    }

    // =====================================================================================================
    // HTTP/1.1
    // =====================================================================================================

    /** The routes of docs/protocol.md §2 and their bodies. */
    @Nested
    class HttpRoutes {

        @Test
        void getEchoAnswersHello() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get("/echo"));
                assertOk(h.read(IO), ascii("hello\n"));
            }
        }

        @Test
        void postEchoAnswersTheBody() throws IOException {
            byte[] body = pattern(1_000, 5);
            try (HttpTestClient h = http()) {
                h.send(post("/echo", body));
                assertOk(h.read(IO), body);
            }
        }

        @Test
        void postEchoOfEmptyBody() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(post("/echo", new byte[0]));
                assertOk(h.read(IO), new byte[0]);
            }
        }

        @Test
        void postEchoOfBodyAtTheLimit() throws IOException {
            byte[] body = pattern(limits.maxBodyBytes(), 6);
            try (HttpTestClient h = http()) {
                sendOrShowEarlyAnswer(h, post("/echo", body));
                assertOk(h.read(IO), body);
            }
        }

        @Test
        void postEchoWithLowerCaseContentLength() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(concat(ascii("POST /echo HTTP/1.1\r\n" + HOST + "content-length: 4\r\n\r\n"), ascii("abcd")));
                assertOk(h.read(IO), ascii("abcd"));
            }
        }

        @Test
        void headEchoHasContentLengthSixAndNoBody() throws IOException {
            try (HttpTestClient h = http()) {
                h.send("HEAD /echo HTTP/1.1\r\n" + HOST + "\r\n");
                Response head = h.read(IO, true);
                assertEquals(200, head.status(), head.toString());
                assertEquals("6", head.header("Content-Length").orElse(null), "Content-Length of HEAD /echo");
                // a body after the HEAD response would now be read as the next status line
                h.send(get("/echo"));
                assertOk(h.read(IO), ascii("hello\n"));
            }
        }

        @Test
        void getWorkAnswersReplyBytesAfterWaiting() throws IOException {
            try (HttpTestClient h = http()) {
                long start = System.nanoTime();
                h.send(get("/work?cpu_us=1000&wait_us=30000&reply_bytes=123"));
                Response r = h.read(IO);
                long elapsedMicros = (System.nanoTime() - start) / 1_000;
                assertOkOfSize(r, 123);
                assertTrue(elapsedMicros >= 30_000, "answered after " + elapsedMicros + " us, before wait_us=30000");
            }
        }

        @Test
        void getWorkWithMissingParametersTakesThemAsZero() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get("/work"));
                assertOk(h.read(IO), new byte[0]);
                h.send(get("/work?reply_bytes=5"));
                assertOkOfSize(h.read(IO), 5);
                h.send(get("/work?wait_us=1000"));
                assertOk(h.read(IO), new byte[0]);
                h.send(get("/work?reply_bytes=7&cpu_us=10"));
                assertOkOfSize(h.read(IO), 7);
            }
        }

        @Test
        void getSubscribeStreamsOneChunkPerEvent() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get("/subscribe?count=4&interval_us=1000&event_bytes=10"));
                assertChunked(h.read(IO), 4, 10);
                h.send(get("/subscribe?count=1&interval_us=0&event_bytes=1"));
                assertChunked(h.read(IO), 1, 1);
                h.send(get("/subscribe?count=300&interval_us=0&event_bytes=100"));
                assertChunked(h.read(IO), 300, 100);
                h.send(get("/echo")); // the chunked body ended where the server said: the connection goes on
                assertOk(h.read(IO), ascii("hello\n"));
            }
        }

        @Test
        void getRelayEchoAnswersWhatTheDownstreamAnswers() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get("/relay/echo"));
                assertOk(h.read(IO), ascii("hello\n"));
            }
        }

        @Test
        void getRelayWorkAnswersWhatTheDownstreamAnswers() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get("/relay/work?cpu_us=100&wait_us=1000&reply_bytes=42"));
                assertOkOfSize(h.read(IO), 42);
                h.send(get("/relay/work"));
                assertOk(h.read(IO), new byte[0]);
            }
        }

        @Test
        void xActHeaderIsReturnedUnchangedOnEveryRoute() throws IOException {
            String[] requests = {
                    get("/echo", "X-ACT: 7f3a-token/with=odd;chars\r\n"),
                    new String(post("/echo", ascii("b"), "X-ACT: 18446744073709551615\r\n"), ISO_8859_1),
                    get("/work?reply_bytes=3", "X-ACT: inner space kept\r\n"),
                    get("/subscribe?count=2&interval_us=0&event_bytes=1", "X-ACT: " + "x".repeat(200) + "\r\n"),
                    get("/relay/echo", "X-ACT: relay-1\r\n"),
                    get("/relay/work?reply_bytes=2", "X-ACT: relay-2\r\n"),
                    "HEAD /echo HTTP/1.1\r\n" + HOST + "X-ACT: head-1\r\n\r\n",
            };
            String[] tokens = {"7f3a-token/with=odd;chars", "18446744073709551615", "inner space kept", "x".repeat(200),
                    "relay-1", "relay-2", "head-1"};
            try (HttpTestClient h = http()) {
                for (int i = 0; i < requests.length; i++) {
                    h.send(requests[i]);
                    Response r = h.read(IO, requests[i].startsWith("HEAD"));
                    assertEquals(200, r.status(), r.toString());
                    assertEquals(tokens[i], r.header("X-ACT").orElse(null), "X-ACT for " + requests[i].lines().findFirst().orElseThrow());
                }
            }
        }

        @Test
        void xActHeaderNameIsCaseInsensitive() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get("/echo", "x-act: lower\r\n"));
                Response r = h.read(IO);
                assertOk(r, ascii("hello\n"));
                assertEquals("lower", r.header("X-ACT").orElse(null), "X-ACT of a request that spelled it x-act");
            }
        }
    }

    /** Keep-alive, Connection: close, pipelining and split requests. */
    @Nested
    class HttpConnections {

        @Test
        void keepAliveIsTheDefault() throws IOException {
            try (HttpTestClient h = http()) {
                for (int i = 0; i < 5; i++) {
                    h.send(get("/echo"));
                    assertOk(h.read(IO), ascii("hello\n"));
                    h.send(post("/echo", ascii("request " + i)));
                    assertOk(h.read(IO), ascii("request " + i));
                }
            }
        }

        @Test
        void connectionCloseIsHonoured() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get("/echo"));
                assertOk(h.read(IO), ascii("hello\n"));
                h.send(get("/echo", "Connection: close\r\n"));
                assertOk(h.read(IO), ascii("hello\n"));
                h.assertClosedByServer(IO);
            }
        }

        @Test
        void pipelinedRequestsAreAnsweredInOrder() throws IOException {
            StringBuilder all = new StringBuilder();
            all.append(get("/echo", "X-ACT: 1\r\n"));
            all.append(new String(post("/echo", ascii("second"), "X-ACT: 2\r\n"), ISO_8859_1));
            all.append(get("/work?wait_us=20000&reply_bytes=10", "X-ACT: 3\r\n"));
            all.append("HEAD /echo HTTP/1.1\r\n" + HOST + "X-ACT: 4\r\n\r\n");
            all.append(get("/subscribe?count=2&interval_us=1000&event_bytes=3", "X-ACT: 5\r\n"));
            all.append(get("/relay/echo", "X-ACT: 6\r\n"));
            all.append(get("/echo", "X-ACT: 7\r\n"));
            try (HttpTestClient h = http()) {
                h.send(all.toString());
                Response r1 = h.read(IO);
                Response r2 = h.read(IO);
                Response r3 = h.read(IO);
                Response r4 = h.read(IO, true);
                Response r5 = h.read(IO);
                Response r6 = h.read(IO);
                Response r7 = h.read(IO);
                Response[] rs = {r1, r2, r3, r4, r5, r6, r7};
                for (int i = 0; i < rs.length; i++) {
                    assertEquals(String.valueOf(i + 1), rs[i].header("X-ACT").orElse(null), "answer " + (i + 1) + " out of order");
                }
                assertOk(r1, ascii("hello\n"));
                assertOk(r2, ascii("second"));
                assertOkOfSize(r3, 10);
                assertEquals("6", r4.header("Content-Length").orElse(null));
                assertChunked(r5, 2, 3);
                assertOk(r6, ascii("hello\n"));
                assertOk(r7, ascii("hello\n"));
            }
        }

        @Test
        void requestDeliveredOneBytePerWriteIsAnswered() throws IOException {
            try (HttpTestClient h = http()) {
                h.sendByteByByte(ascii(get("/echo", "X-ACT: slow\r\n")), PACE);
                Response r = h.read(IO);
                assertOk(r, ascii("hello\n"));
                assertEquals("slow", r.header("X-ACT").orElse(null));
                h.sendByteByByte(post("/echo", ascii("dribbled body")), PACE);
                assertOk(h.read(IO), ascii("dribbled body"));
            }
        }

        @Test
        void postBodyArrivingAfterItsHeaderSectionIsEchoed() throws IOException {
            byte[] body = ascii("a body in its own segment");
            byte[] request = post("/echo", body);
            try (HttpTestClient h = http()) {
                h.sendSplit(request, PACE, request.length - body.length);
                assertOk(h.read(IO), body);
            }
        }

        @Test
        void requestSplitAtEveryOffsetIsAnswered() throws IOException {
            try (HttpTestClient h = http()) {
                // the first piece on the connection is the single byte 'P': detection on the first byte alone
                byte[] template = post("/echo", ascii("0123456789"), "X-ACT: cut-000\r\n");
                for (int cut = 1; cut < template.length; cut++) {
                    String token = "cut-%03d".formatted(cut);
                    byte[] request = post("/echo", ascii("0123456789"), "X-ACT: " + token + "\r\n");
                    try {
                        h.sendSplit(request, PACE, cut);
                        Response r = h.read(IO);
                        assertOk(r, ascii("0123456789"));
                        assertEquals(token, r.header("X-ACT").orElse(null));
                    } catch (IOException | AssertionError e) {
                        throw new AssertionError("request split after byte " + cut + " of " + request.length
                                + " (the header section ends at byte " + (request.length - 10) + ")", e);
                    }
                }
            }
        }
    }

    /** 400, 404, 405, 411, 413 and 431; the server keeps serving every other connection. */
    @Nested
    class HttpErrors {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"GET\r\n", "GET /echo\r\n", "GET /echo HTTP/1.1 extra\r\n", "GET /echo HTTX/1.1\r\n",
                "GET echo HTTP/1.1\r\n", "G\u00c9T /echo HTTP/1.1\r\n"})
        void malformedRequestLineGets400AndClose(String requestLine) throws IOException {
            try (HttpTestClient h = http()) {
                h.send(requestLine + HOST + "\r\n");
                assertStatus(h.read(IO), 400);
                h.assertClosedByServer(IO);
            }
            assertNewConnectionServed();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"NoColonHere\r\n", ": no name\r\n", "Content-Length: abc\r\n", "Content-Length: -1\r\n",
                "Content-Length: 1x\r\n"})
        void malformedHeaderGets400AndClose(String headerLine) throws IOException {
            try (HttpTestClient h = http()) {
                h.send("POST /echo HTTP/1.1\r\n" + HOST + headerLine + "\r\n");
                assertStatus(h.read(IO), 400);
                h.assertClosedByServer(IO);
            }
            assertNewConnectionServed();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/nope", "/echox", "/", "/relay", "/works"})
        void unknownPathGets404(String path) throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get(path));
                assertStatus(h.read(IO), 404);
            }
            assertNewConnectionServed();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"DELETE", "PUT", "OPTIONS", "PATCH", "TRACE"})
        void otherMethodGets405(String method) throws IOException {
            try (HttpTestClient h = http()) {
                h.send(method + " /echo HTTP/1.1\r\n" + HOST + "Content-Length: 0\r\n\r\n");
                assertStatus(h.read(IO), 405);
            }
            assertNewConnectionServed();
        }

        @Test
        void postWithoutContentLengthGets411() throws IOException {
            try (HttpTestClient h = http()) {
                h.send("POST /echo HTTP/1.1\r\n" + HOST + "\r\n");
                assertStatus(h.read(IO), 411);
            }
            assertNewConnectionServed();
        }

        @Test
        void chunkedPostWithoutContentLengthGets411() throws IOException {
            try (HttpTestClient h = http()) {
                h.send("POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
                assertStatus(h.read(IO), 411);
            }
            assertNewConnectionServed();
        }

        @Test
        void bodyOverTheDefaultLimitGets413WithoutWaitingForTheBody() throws IOException {
            try (HttpTestClient h = http()) {
                h.send("POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: " + (limits.maxBodyBytes() + 1L) + "\r\n\r\n");
                assertStatus(h.read(IO), 413);
            }
            try (HttpTestClient h = http()) {
                h.send("POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 99999999999999\r\n\r\n");
                assertStatus(h.read(IO), 413);
            }
            assertNewConnectionServed();
        }

        @Test
        void bodyOverASmallConfiguredLimitGets413() throws IOException {
            try (Server own = start(config().withLimits(limits.withMaxBodyBytes(16)))) {
                try (HttpTestClient h = http(own)) {
                    h.send(post("/echo", ascii("sixteen bytes...")));
                    assertOk(h.read(IO), ascii("sixteen bytes..."));
                    h.send(post("/echo", ascii("seventeen bytes..")));
                    assertStatus(h.read(IO), 413);
                }
                try (HttpTestClient h = http(own)) {
                    h.send(get("/echo"));
                    assertOk(h.read(IO), ascii("hello\n"));
                }
            }
        }

        @Test
        void headerSectionOverTheLimitGets431() throws IOException {
            String bigField = "X-Pad: " + "a".repeat(limits.maxHeaderBytes() + 16) + "\r\n";
            try (HttpTestClient h = http()) {
                h.send(get("/echo", bigField));
                assertStatus(h.read(IO), 431);
            }
            StringBuilder manyFields = new StringBuilder();
            for (int i = 0; manyFields.length() <= limits.maxHeaderBytes(); i++) {
                manyFields.append("X-Field-").append(i).append(": ").append("v".repeat(40)).append("\r\n");
            }
            try (HttpTestClient h = http()) {
                h.send(get("/echo", manyFields.toString()));
                assertStatus(h.read(IO), 431);
            }
            assertNewConnectionServed();
        }

        @Test
        void unterminatedHeaderSectionOverTheLimitGets431WithoutWaitingForItsEnd() throws IOException {
            try (HttpTestClient h = http()) {
                h.send("GET /echo HTTP/1.1\r\n" + HOST + "X-Endless: " + "z".repeat(limits.maxHeaderBytes() + 100));
                assertStatus(h.read(IO), 431);
            }
            assertNewConnectionServed();
        }

        @Test
        void headerSectionJustUnderTheLimitIsServed() throws IOException {
            String head = "GET /echo HTTP/1.1\r\n" + HOST + "X-Pad: ";
            int padding = limits.maxHeaderBytes() - head.length() - "\r\n\r\n".length() - 64;
            try (HttpTestClient h = http()) {
                h.send(head + "p".repeat(padding) + "\r\n\r\n");
                assertOk(h.read(IO), ascii("hello\n"));
            }
        }

        @Test
        void workParametersOverTheLimitsGet4xx() throws IOException {
            String[] targets = {
                    "/work?cpu_us=" + over(limits.maxCpuMicros()),
                    "/work?wait_us=" + over(limits.maxWaitMicros()),
                    "/work?reply_bytes=" + over(limits.maxReplyBytes()),
                    "/work?reply_bytes=99999999999999999999",
                    "/work?reply_bytes=abc",
                    "/subscribe?count=" + over(limits.maxEvents()) + "&interval_us=0&event_bytes=1",
                    "/subscribe?count=1&interval_us=" + over(limits.maxIntervalMicros()) + "&event_bytes=1",
                    "/subscribe?count=1&interval_us=0&event_bytes=" + over(limits.maxEventBytes()),
            };
            for (String target : targets) {
                try (HttpTestClient h = http()) {
                    h.send(get(target));
                    Response r = h.read(IO);
                    assertTrue(r.status() >= 400 && r.status() < 500, "GET " + target + " answered " + r);
                }
            }
            assertNewConnectionServed();
        }
    }

    // =====================================================================================================
    // Reliability: isolation between clients, resources, shutdown
    // =====================================================================================================

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
         * after 50 connections (and 50 more RELAY connections to the downstream) is far above it.
         */
        private static final int THREAD_TOLERANCE = 4;
        private static final int FD_TOLERANCE = 3;

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

    // =====================================================================================================
    // hostile clients, each scenario on a server of its own with short timeouts
    // =====================================================================================================

    /**
     * Hostile clients (issue "Robustness" 2 and 3): slowloris, silent and half-closed connections, resets
     * in the middle of a frame, clients that never read, thousands of connects and disconnects, more
     * connections than {@code maxConnections}. Each scenario runs on a server of its own, with a
     * well-behaved client beside it ({@link HostileRun}), and ends with the test JVM's threads and file
     * descriptors back at their baseline. Each prints one {@code HOSTILE ...} line with what it observed.
     */
    @Nested
    class Hostile {

        private static final Duration SHORT_HEADER_TIMEOUT = Duration.ofMillis(500);
        private static final Duration SHORT_IDLE_TIMEOUT = Duration.ofMillis(500);

        private Server own;

        private Server startOwn(ServerConfig config) throws IOException {
            own = start(config);
            return own;
        }

        @org.junit.jupiter.api.AfterEach
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
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(answer);
            int length = b.getInt();
            assertEquals(answer.length, 4 + length, context + ": exactly one frame before the close");
            assertEquals(0L, b.getLong(), context + ": act");
            b.get();
            assertEquals(STATUS_ERROR, b.get(), context + ": status");
        }

        private static void assertHttpStatusThenClose(byte[] answer, int status, String context) {
            String text = new String(answer, ISO_8859_1);
            assertTrue(text.startsWith("HTTP/1.1 " + status + " "), context + ": expected " + status + ", got '" + text + "'");
            assertTrue(text.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n"),
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
         * three header timeouts and more.
         */
        @Test
        void aHeaderAlwaysPendingButAlwaysCompletingIsNotCut() throws Exception {
            Server s = startOwn(config().withHeaderTimeout(SHORT_HEADER_TIMEOUT));
            try (HostileRun run = new HostileRun("rolling-headers", factory.name(), transport, s);
                 ActTestClient act = act(s);
                 HttpTestClient http = http(s)) {
                long until = System.nanoTime() + 3 * SHORT_HEADER_TIMEOUT.toNanos();
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
                run.note("requests_per_connection", i).note("header_timeout_ms", SHORT_HEADER_TIMEOUT.toMillis());
                act.close();
                http.close();
                run.finish();
            }
        }

        @Test
        void silentConnectionsAreClosedByTheIdleTimeoutAndBusyOnesAreNot() throws Exception {
            Server s = startOwn(config().withIdleTimeout(SHORT_IDLE_TIMEOUT));
            try (HostileRun run = new HostileRun("idle", factory.name(), transport, s)) {
                try (RawConnection silent = raw(s);
                     ActTestClient afterAct = act(s);
                     HttpTestClient afterHttp = http(s);
                     ActTestClient busy = act(s);
                     ActTestClient streaming = act(s)) {
                    assertEchoStillAnswered(afterAct);
                    afterHttp.send(get("/echo"));
                    assertOk(afterHttp.read(IO), ascii("hello\n"));
                    // in progress for three idle timeouts: a request in progress is not idle
                    busy.send(work(0xB0, 0, 1_500_000, 8));
                    streaming.send(subscribe(0xB1, 5, 300_000, 4));

                    assertFrameOfSize(busy.read(IO), 0xB0, WORK, STATUS_OK, 8);
                    assertEventStream(streaming, 0xB1, 5, 4);
                    assertEquals(0, silent.readUntilClosed(IO).length, "a silent connection is closed without an answer");
                    afterAct.assertClosedByServer(IO);
                    afterHttp.assertClosedByServer(IO);
                    busy.assertClosedByServer(IO);
                    streaming.assertClosedByServer(IO);
                }
                run.note("idle_timeout_ms", SHORT_IDLE_TIMEOUT.toMillis());
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
                    // per connection: the pending-output limit plus one answer, in an output buffer that grows by
                    // doubling (so up to twice that); and 32 MiB for everything else, which over mem includes the
                    // transport's buffers (two pipes of at most 256 KiB per connection). Unbounded: gigabytes.
                    long bound = (long) readers * 2L * (limits.maxPendingOutputBytes() + limits.maxReplyBytes()) + (32L << 20);
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
                            assertTrue(new String(answer, java.nio.charset.StandardCharsets.UTF_8).contains("--max-connections"),
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

    // =====================================================================================================
    // helpers
    // =====================================================================================================

    /** A new ACT-frame client of the server under test, over the kit's transport. */
    protected ActTestClient act() throws IOException {
        return act(server);
    }

    /** A new HTTP client of the server under test, over the kit's transport. */
    protected HttpTestClient http() throws IOException {
        return http(server);
    }

    protected ActTestClient act(Server s) throws IOException {
        return new ActTestClient(transport, s.address());
    }

    protected HttpTestClient http(Server s) throws IOException {
        return new HttpTestClient(transport, s.address());
    }

    /** A raw connection to {@code s} over the kit's transport, for clients that misbehave on purpose. */
    protected RawConnection raw(Server s) throws IOException {
        return RawConnection.connect(transport, s.address());
    }

    /** The server keeps serving: a fresh connection of each protocol is answered. */
    void assertNewConnectionServed() throws IOException {
        try (ActTestClient c = act()) {
            assertEchoStillAnswered(c);
        }
        try (HttpTestClient h = http()) {
            h.send(get("/echo"));
            assertOk(h.read(IO), ascii("hello\n"));
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
