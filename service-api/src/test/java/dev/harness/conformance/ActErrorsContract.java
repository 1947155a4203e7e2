package dev.harness.conformance;

import static dev.harness.conformance.ActFrames.ECHO;
import static dev.harness.conformance.ActFrames.RELAY;
import static dev.harness.conformance.ActFrames.STATUS_OK;
import static dev.harness.conformance.ActFrames.SUBSCRIBE;
import static dev.harness.conformance.ActFrames.WORK;
import static dev.harness.conformance.ActFrames.concat;
import static dev.harness.conformance.ActFrames.echo;
import static dev.harness.conformance.ActFrames.frame;
import static dev.harness.conformance.ActFrames.header;
import static dev.harness.conformance.ActFrames.subscribe;
import static dev.harness.conformance.ActFrames.work;
import static dev.harness.conformance.Wire.IO;
import static dev.harness.conformance.Wire.ascii;
import static dev.harness.conformance.Wire.assertConnectionError;
import static dev.harness.conformance.Wire.assertEchoStillAnswered;
import static dev.harness.conformance.Wire.assertEventStream;
import static dev.harness.conformance.Wire.assertFrame;
import static dev.harness.conformance.Wire.assertFrameOfSize;
import static dev.harness.conformance.Wire.assertRequestError;
import static dev.harness.conformance.Wire.countsOf;
import static dev.harness.conformance.Wire.over;
import static dev.harness.conformance.Wire.pattern;
import static dev.harness.conformance.Wire.readAnswers;

import dev.harness.conformance.ActFrames.Frame;
import dev.harness.server.Server;
import dev.harness.service.Limits;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Errors and limits of ACT frames, {@code docs/protocol.md} §1: a bad request gets one ERROR frame under its
 * act and op and the connection goes on; a header that cannot be trusted gets an ERROR frame with act 0 and
 * the server closes; a WORK or SUBSCRIBE over a limit is refused, never allocated for. Runs on the kit's two
 * servers, and {@code configuredLimitsAreEnforcedExactly} on one of its own with small limits.
 */
abstract class ActErrorsContract extends ContractTopic {

    ActErrorsContract(ContractKit kit) {
        super(kit);
    }

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
                // ACT frames may be answered out of order (a handler that completes on another thread)
                boolean inOrder = first.act() == 1;
                assertFrame(inOrder ? first : second, 1, ECHO, STATUS_OK, ascii("one"));
                assertFrame(inOrder ? second : first, 2, ECHO, STATUS_OK, ascii("two"));
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
}
