package dev.harness.conformance;

import static dev.harness.conformance.ActFrames.ECHO;
import static dev.harness.conformance.ActFrames.RELAY;
import static dev.harness.conformance.ActFrames.STATUS_ERROR;
import static dev.harness.conformance.ActFrames.STATUS_LAST;
import static dev.harness.conformance.ActFrames.STATUS_OK;
import static dev.harness.conformance.ActFrames.SUBSCRIBE;
import static dev.harness.conformance.ActFrames.WORK;
import static dev.harness.conformance.ActFrames.concat;
import static dev.harness.conformance.ActFrames.echo;
import static dev.harness.conformance.ActFrames.frame;
import static dev.harness.conformance.ActFrames.relay;
import static dev.harness.conformance.ActFrames.subscribe;
import static dev.harness.conformance.ActFrames.u32s;
import static dev.harness.conformance.ActFrames.work;
import static dev.harness.conformance.Wire.IO;
import static dev.harness.conformance.Wire.ascii;
import static dev.harness.conformance.Wire.assertEchoStillAnswered;
import static dev.harness.conformance.Wire.assertEventStream;
import static dev.harness.conformance.Wire.assertFrame;
import static dev.harness.conformance.Wire.assertFrameOfSize;
import static dev.harness.conformance.Wire.assertRequestError;
import static dev.harness.conformance.Wire.countsOf;
import static dev.harness.conformance.Wire.hex;
import static dev.harness.conformance.Wire.pattern;
import static dev.harness.conformance.Wire.readAnswers;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames.Frame;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The operations of ACT frames, {@code docs/protocol.md} §1 and §3: ECHO, WORK, SUBSCRIBE and RELAY, each
 * answered under the request's act with the exact bytes, sizes and statuses the protocol gives; RELAY through
 * a real chain of two servers of the model. Runs on the kit's two servers; costs some hundred short
 * connections.
 */
abstract class OperationsContract extends ContractTopic {

    OperationsContract(ServerContractTest kit) {
        super(kit);
    }

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
}
