package dev.harness.protocol;

import static dev.harness.conformance.ActFrames.concat;
import static dev.harness.conformance.ActFrames.frame;
import static dev.harness.conformance.ActFrames.u32s;
import static dev.harness.protocol.Frames.bytes;
import static dev.harness.protocol.Frames.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames;
import dev.harness.service.ErrorCode;
import dev.harness.service.Limits;
import dev.harness.service.Operation;
import dev.harness.service.Request;
import dev.harness.service.Status;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ActCodec} against docs/protocol.md §1 and §3: expected bytes come from the spec, not from the codec. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ActCodecTest {

    /** docs/protocol.md §3: ECHO of "hello" with act 0x2A. */
    static final byte[] ECHO_HELLO_2A = bytes(
            0x00, 0x00, 0x00, 0x11, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2A, 0x01, 0x00, 0x00, 0x00,
            0x68, 0x65, 0x6C, 0x6C, 0x6F);

    /** docs/protocol.md §3: WORK cpu_us=10, wait_us=1000, reply_bytes=32 with act 0x07. */
    static final byte[] WORK_07 = bytes(
            0x00, 0x00, 0x00, 0x18, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x07, 0x02, 0x00, 0x00, 0x00,
            0x00, 0x00, 0x00, 0x0A, 0x00, 0x00, 0x03, 0xE8, 0x00, 0x00, 0x00, 0x20);

    static final Limits LIMITS = Limits.defaults();

    private static Request echo(long act, String text) {
        return new Request(act, new Operation.Echo(ByteBuffer.wrap(utf8(text))));
    }

    /** A mixed stream of valid requests, and the requests it must decode to. */
    static byte[] mixedStream(List<Request> expected) {
        byte[] relayPayload = concat(bytes(Operation.WORK), u32s(1, 2, 3));
        expected.add(echo(0x2A, "hello"));
        expected.add(new Request(0, new Operation.Echo(ByteBuffer.allocate(0))));
        expected.add(new Request(7, new Operation.Work(10, 1000, 32)));
        expected.add(new Request(-1L, new Operation.Subscribe(5, 100, 64)));
        expected.add(new Request(0x0102030405060708L, new Operation.Relay(Operation.WORK, ByteBuffer.wrap(u32s(1, 2, 3)))));
        expected.add(new Request(Long.MIN_VALUE, new Operation.Relay(Operation.ECHO, ByteBuffer.allocate(0))));
        expected.add(echo(99, "ünïcödé ✓"));
        return concat(
                ECHO_HELLO_2A,
                frame(0, Operation.ECHO, new byte[0]),
                WORK_07,
                frame(-1L, Operation.SUBSCRIBE, u32s(5, 100, 64)),
                frame(0x0102030405060708L, Operation.RELAY, relayPayload),
                frame(Long.MIN_VALUE, Operation.RELAY, bytes(Operation.ECHO)),
                frame(99, Operation.ECHO, utf8("ünïcödé ✓")));
    }

    private static CodecDriver driver(int capacity) {
        return new CodecDriver(new ActCodec(LIMITS), capacity);
    }

    // ---- decoding each op -------------------------------------------------------------------------

    @Test
    void decodesTheSpecEchoExample() {
        CodecDriver d = driver(64).feed(ECHO_HELLO_2A);
        assertEquals(List.of(echo(0x2A, "hello")), d.requests);
        assertEquals(0, d.takeOut().length, "no output for a valid request");
        assertFalse(d.codec.finished());
    }

    @Test
    void decodesAnEmptyEcho() {
        CodecDriver d = driver(64).feed(frame(0x10, Operation.ECHO, new byte[0]));
        assertEquals(List.of(new Request(0x10, new Operation.Echo(ByteBuffer.allocate(0)))), d.requests);
        Operation.Echo e = (Operation.Echo) d.requests.get(0).operation();
        assertEquals(0, e.data().remaining());
    }

    @Test
    void decodesTheSpecWorkExample() {
        CodecDriver d = driver(64).feed(WORK_07);
        assertEquals(List.of(new Request(7, new Operation.Work(10, 1000, 32))), d.requests);
    }

    @Test
    void decodesSubscribe() {
        CodecDriver d = driver(64).feed(frame(0x55, Operation.SUBSCRIBE, u32s(3, 250_000, 1024)));
        assertEquals(List.of(new Request(0x55, new Operation.Subscribe(3, 250_000, 1024))), d.requests);
    }

    @Test
    void decodesRelayWithInnerOpAndPayload() {
        CodecDriver d = driver(64).feed(frame(0x66, Operation.RELAY, concat(bytes(Operation.WORK), u32s(10, 1000, 32))));
        Request r = d.requests.get(0);
        assertEquals(0x66, r.act());
        Operation.Relay relay = assertInstanceOf(Operation.Relay.class, r.operation());
        assertEquals(Operation.WORK, relay.innerOp());
        assertEquals(ByteBuffer.wrap(u32s(10, 1000, 32)), relay.innerPayload());
        assertEquals(1, d.requests.size());
    }

    @Test
    void decodesRelayWithOnlyTheInnerOp() {
        CodecDriver d = driver(64).feed(frame(1, Operation.RELAY, bytes(Operation.ECHO)));
        assertEquals(List.of(new Request(1, new Operation.Relay(Operation.ECHO, ByteBuffer.allocate(0)))), d.requests);
    }

    @Test
    void actIsReturnedAsAll64Bits() {
        long[] acts = {0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0x8000_0000L, 0xCAFEBABE_DEADBEEFL};
        byte[][] frames = new byte[acts.length][];
        for (int i = 0; i < acts.length; i++) {
            frames[i] = frame(acts[i], Operation.ECHO, bytes(i));
        }
        CodecDriver d = driver(256).feed(concat(frames));
        assertEquals(acts.length, d.requests.size());
        for (int i = 0; i < acts.length; i++) {
            assertEquals(acts[i], d.requests.get(i).act());
        }
    }

    @Test
    void workAndSubscribeAcceptIntegerMaxValue() {
        long max = Integer.MAX_VALUE;
        CodecDriver d = driver(64).feed(concat(
                frame(1, Operation.WORK, u32s(max, max, max)),
                frame(2, Operation.SUBSCRIBE, u32s(max, max, max))));
        assertEquals(List.of(
                new Request(1, new Operation.Work(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE)),
                new Request(2, new Operation.Subscribe(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE))),
                d.requests);
        assertEquals(0, d.takeOut().length);
    }

    @Test
    void decodedPayloadsSurviveTheInputBufferBeingReused() {
        ByteBuffer in = ByteBuffer.wrap(concat(ECHO_HELLO_2A, frame(3, Operation.RELAY, utf8("\u0001abc"))));
        List<Request> got = new ArrayList<>();
        ActCodec codec = new ActCodec(LIMITS);
        codec.decode(in, got::add, new OutBuffer(16));
        Arrays.fill(in.array(), (byte) 0x77); // a server compacts and reads over these bytes
        assertEquals(List.of(echo(0x2A, "hello"),
                new Request(3, new Operation.Relay((byte) 1, ByteBuffer.wrap(utf8("abc"))))), got);
    }

    // ---- incremental decoding ---------------------------------------------------------------------

    @Test
    void byteByByteDecodesTheSameRequests() {
        List<Request> expected = new ArrayList<>();
        byte[] stream = mixedStream(expected);
        CodecDriver d = driver(8).feedByteByByte(stream);
        assertEquals(expected, d.requests);
        assertEquals(0, d.takeOut().length);
        assertFalse(d.codec.finished());
        assertEquals(0, d.in.position(), "every byte consumed");
    }

    @Test
    void everyTwoPartSplitDecodesTheSameRequests() {
        List<Request> expected = new ArrayList<>();
        byte[] stream = mixedStream(expected);
        for (int cut = 0; cut <= stream.length; cut++) {
            for (int capacity : new int[] {16, 4096}) {
                CodecDriver d = driver(capacity).feedSplit(stream, cut);
                assertEquals(expected, d.requests, "cut at " + cut + ", capacity " + capacity);
                assertEquals(0, d.takeOut().length);
                assertEquals(0, d.in.position());
            }
        }
    }

    @Test
    void everyTwoPartSplitOfAnErrorFrameGivesTheSameError() {
        byte[] stream = concat(frame(5, Operation.WORK, new byte[11]), ECHO_HELLO_2A);
        byte[] unsplitOut = driver(4096).feed(stream).takeOut();
        for (int cut = 0; cut <= stream.length; cut++) {
            CodecDriver d = driver(16).feedSplit(stream, cut);
            assertEquals(List.of(echo(0x2A, "hello")), d.requests, "cut at " + cut);
            assertArrayEquals(unsplitOut, d.takeOut(), "cut at " + cut);
        }
    }

    @Test
    void manyCoalescedFramesDecodeInOneCall() {
        List<byte[]> frames = new ArrayList<>();
        List<Request> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            switch (i % 4) {
                case 0 -> {
                    frames.add(frame(i, Operation.ECHO, utf8("e" + i)));
                    expected.add(echo(i, "e" + i));
                }
                case 1 -> {
                    frames.add(frame(i, Operation.WORK, u32s(i, i + 1, i + 2)));
                    expected.add(new Request(i, new Operation.Work(i, i + 1, i + 2)));
                }
                case 2 -> {
                    frames.add(frame(i, Operation.SUBSCRIBE, u32s(1, 0, i)));
                    expected.add(new Request(i, new Operation.Subscribe(1, 0, i)));
                }
                default -> {
                    frames.add(frame(i, Operation.RELAY, bytes(Operation.ECHO, i & 0x7F)));
                    expected.add(new Request(i, new Operation.Relay(Operation.ECHO, ByteBuffer.wrap(bytes(i & 0x7F)))));
                }
            }
        }
        ByteBuffer in = ByteBuffer.wrap(concat(frames.toArray(byte[][]::new)));
        List<Request> got = new ArrayList<>();
        OutBuffer out = new OutBuffer(16);
        int need = new ActCodec(LIMITS).decode(in, got::add, out);
        assertEquals(expected, got);
        assertFalse(in.hasRemaining(), "position moved past every frame");
        assertTrue(need >= 1 && need <= ActCodec.HEADER_BYTES, "with nothing left the next need is at most a header: " + need);
        assertTrue(out.isEmpty());
    }

    @Test
    void theReturnValueTellsTheCallerToGrowForALargeFrame() {
        byte[] payload = new byte[1000];
        Arrays.fill(payload, (byte) 'x');
        byte[] frame = frame(42, Operation.ECHO, payload);
        ActCodec codec = new ActCodec(LIMITS);
        List<Request> got = new ArrayList<>();
        OutBuffer out = new OutBuffer(16);

        ByteBuffer in = ByteBuffer.allocate(64);
        in.put(frame, 0, 64).flip();
        int need = codec.decode(in, got::add, out);
        assertEquals(16 + 1000, need, "the whole frame: 4 + length");
        assertEquals(0, in.position(), "an incomplete frame is not consumed");
        in.compact();

        ByteBuffer grown = ByteBuffer.allocate(need).put(in.flip());
        grown.put(frame, 64, frame.length - 64).flip();
        need = codec.decode(grown, got::add, out);
        assertEquals(List.of(new Request(42, new Operation.Echo(ByteBuffer.wrap(payload)))), got);
        assertFalse(grown.hasRemaining());
        assertTrue(need > 0 && need <= 16);
        assertTrue(out.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3, 4, 10, 15})
    void anIncompleteHeaderAsksForMoreThanItHasButNoMoreThanTheFrame(int have) {
        byte[] frame = frame(1, Operation.ECHO, new byte[100]);
        ByteBuffer in = ByteBuffer.wrap(frame, 0, have).slice();
        int need = new ActCodec(LIMITS).decode(in, r -> { throw new AssertionError("decoded " + r); }, new OutBuffer(16));
        assertTrue(need > have && need <= frame.length, "need " + need + " with " + have + " bytes");
        assertEquals(0, in.position());
    }

    @Test
    void aFrameOfExactlyTheMaxPayloadIsAccepted() {
        Limits limits = LIMITS.withMaxPayloadBytes(100);
        CodecDriver d = new CodecDriver(new ActCodec(limits), 16).feed(frame(9, Operation.ECHO, new byte[100]));
        assertEquals(List.of(new Request(9, new Operation.Echo(ByteBuffer.allocate(100)))), d.requests);
        assertEquals(0, d.takeOut().length);
    }

    // ---- errors that keep the connection ----------------------------------------------------------

    static Stream<Arguments> badPayloads() {
        long big = 0x8000_0000L;
        long max = 0xFFFF_FFFFL;
        return Stream.of(
                Arguments.of("unknown op 0x00", 0x00, new byte[0]),
                Arguments.of("unknown op 0x05", 0x05, utf8("x")),
                Arguments.of("unknown op 0x7F", 0x7F, new byte[12]),
                Arguments.of("unknown op 0x80", 0x80, new byte[0]),
                Arguments.of("unknown op 0xFF", 0xFF, new byte[3]),
                Arguments.of("WORK 0 bytes", 0x02, new byte[0]),
                Arguments.of("WORK 11 bytes", 0x02, new byte[11]),
                Arguments.of("WORK 13 bytes", 0x02, new byte[13]),
                Arguments.of("SUBSCRIBE 0 bytes", 0x03, new byte[0]),
                Arguments.of("SUBSCRIBE 11 bytes", 0x03, new byte[11]),
                Arguments.of("SUBSCRIBE 24 bytes", 0x03, new byte[24]),
                Arguments.of("RELAY empty", 0x04, new byte[0]),
                Arguments.of("WORK cpu_us 2^31", 0x02, u32s(big, 0, 0)),
                Arguments.of("WORK wait_us 2^31", 0x02, u32s(0, big, 0)),
                Arguments.of("WORK reply_bytes 2^31", 0x02, u32s(0, 0, big)),
                Arguments.of("WORK all 2^32-1", 0x02, u32s(max, max, max)),
                Arguments.of("SUBSCRIBE count 2^31", 0x03, u32s(big, 0, 1)),
                Arguments.of("SUBSCRIBE interval_us 2^32-1", 0x03, u32s(1, max, 1)),
                Arguments.of("SUBSCRIBE event_bytes 2^31", 0x03, u32s(1, 0, big)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badPayloads")
    void aPayloadThatDoesNotFitItsOpGetsOneErrorFrameAndDecodingGoesOn(String name, int op, byte[] payload) {
        long act = 0x1122334455667788L;
        byte[] stream = concat(frame(act, op, payload), ECHO_HELLO_2A);
        CodecDriver d = driver(64).feed(stream);
        ActFrames.Frame error = Frames.singleError(d.takeOut(), act);
        assertEquals(op, error.op(), "the ERROR frame carries the request's op");
        assertEquals(12 + error.payload().length, error.length());
        assertEquals(List.of(echo(0x2A, "hello")), d.requests, "the next frame is decoded");
        assertFalse(d.stopped, "the connection stays open");
        assertFalse(d.codec.finished());
    }

    // ---- untrusted headers: ERROR with act 0 and stop ---------------------------------------------

    static Stream<Arguments> badHeaders() {
        int maxLength = 12 + LIMITS.maxPayloadBytes();
        return Stream.of(
                Arguments.of("length 0", frame(0, 9, 1, 0, 0, new byte[0])),
                Arguments.of("length 11", frame(11, 9, 1, 0, 0, new byte[0])),
                Arguments.of("length 12 + max + 1", frame(maxLength + 1, 9, 1, 0, 0, new byte[0])),
                Arguments.of("length 0x00FFFFFF", frame(0x00FF_FFFF, 9, 1, 0, 0, new byte[0])),
                Arguments.of("length 0x7FFFFFF0", frame(0x7FFF_FFF0, 9, 1, 0, 0, new byte[0])),
                Arguments.of("length 0x80000000", frame(0x8000_0000, 9, 1, 0, 0, new byte[0])),
                Arguments.of("length 0xFFFFFFFF", frame(-1, 9, 1, 0, 0, new byte[0])),
                Arguments.of("reserved 0x0001", frame(12, 9, 1, 0, 0x0001, new byte[0])),
                Arguments.of("reserved 0x0100", frame(12, 9, 1, 0, 0x0100, new byte[0])),
                Arguments.of("reserved 0xFFFF on WORK", frame(24, 9, 2, 0, 0xFFFF, u32s(1, 1, 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeaders")
    void anUntrustedHeaderGetsAnErrorWithActZeroAndStopsReading(String name, byte[] badFrame) {
        byte[] stream = concat(ECHO_HELLO_2A, badFrame, WORK_07);
        CodecDriver d = driver(4096).feed(stream);
        assertTrue(d.stopped, "STOP_READING");
        assertEquals(WireCodec.STOP_READING, d.lastNeed());
        assertTrue(d.codec.finished(), "finished once the ERROR is written");
        assertEquals(List.of(echo(0x2A, "hello")), d.requests, "frames before it are decoded, none after");
        Frames.singleError(d.takeOut(), 0L);

        ByteBuffer more = ByteBuffer.wrap(WORK_07);
        OutBuffer out = new OutBuffer(16);
        assertEquals(WireCodec.STOP_READING, d.codec.decode(more, r -> { throw new AssertionError(); }, out));
        assertTrue(out.isEmpty(), "nothing more after stopping");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badHeaders")
    void anUntrustedHeaderIsRejectedEvenWhenSplitAnywhere(String name, byte[] badFrame) {
        byte[] stream = concat(ECHO_HELLO_2A, badFrame);
        for (int cut = 0; cut <= stream.length; cut++) {
            CodecDriver d = driver(16).feedSplit(stream, cut);
            assertTrue(d.stopped, "cut " + cut);
            assertEquals(List.of(echo(0x2A, "hello")), d.requests, "cut " + cut);
            Frames.singleError(d.takeOut(), 0L);
        }
    }

    @Test
    void aHugeLengthIsRejectedFromItsFourBytesWithoutAllocatingForIt() {
        ActCodec codec = new ActCodec(LIMITS);
        ByteBuffer in = ByteBuffer.wrap(bytes(0x7F, 0xFF, 0xFF, 0xF0));
        OutBuffer out = new OutBuffer(16);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // warm up the message formatting path once on another codec, so class loading does not count
        new ActCodec(LIMITS).decode(ByteBuffer.wrap(bytes(0x7F, 0xFF, 0xFF, 0xF0)), r -> { }, new OutBuffer(16));
        long before = threads.getCurrentThreadAllocatedBytes();
        int need = codec.decode(in, r -> { throw new AssertionError("decoded " + r); }, out);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(WireCodec.STOP_READING, need, "no waiting for the 2 GiB it announces");
        assertTrue(codec.finished());
        assertTrue(out.readableBytes() < 512, "the output holds only a small ERROR frame: " + out.readableBytes());
        Frames.singleError(CodecDriver.drain(out), 0L);
        if (threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            assertTrue(allocated < 1 << 20, "decode allocated " + allocated + " bytes for a rejected header");
        }
    }

    // ---- encoding ---------------------------------------------------------------------------------

    @Test
    void replyToTheSpecEchoIsByteExact() {
        ActCodec codec = new ActCodec(LIMITS);
        CodecDriver d = new CodecDriver(codec, 64);
        d.feed(ECHO_HELLO_2A);
        Request request = d.requests.get(0);
        Operation.Echo echo = (Operation.Echo) request.operation();
        ByteBuffer payload = echo.data();
        int position = payload.position();
        codec.reply(request, Status.OK, payload, d.out);
        // an OK answer to this request is, byte for byte, the request frame itself (status 0 = OK)
        assertArrayEquals(ECHO_HELLO_2A, d.takeOut());
        assertEquals(position, payload.position(), "the payload buffer is unchanged");
        assertEquals(5, payload.remaining());
    }

    @Test
    void replyToTheSpecWorkCarriesItsHeaderFields() {
        ActCodec codec = new ActCodec(LIMITS);
        CodecDriver d = new CodecDriver(codec, 64).feed(WORK_07);
        codec.reply(d.requests.get(0), Status.OK, ByteBuffer.allocate(32), d.out);
        assertArrayEquals(frame(0x07, ActFrames.WORK, ActFrames.STATUS_OK, new byte[32]), d.takeOut());
    }

    @Test
    void streamFramesCarryOkThenLast() {
        ActCodec codec = new ActCodec(LIMITS);
        Request sub = new Request(0xABCDL, new Operation.Subscribe(2, 0, 3));
        OutBuffer out = new OutBuffer(8);
        codec.reply(sub, Status.OK, ByteBuffer.wrap(bytes(1, 2, 3)), out);
        codec.reply(sub, Status.LAST, ByteBuffer.wrap(bytes(4, 5, 6)), out);
        byte[] expected = concat(
                frame(0xABCDL, ActFrames.SUBSCRIBE, ActFrames.STATUS_OK, bytes(1, 2, 3)),
                frame(0xABCDL, ActFrames.SUBSCRIBE, ActFrames.STATUS_LAST, bytes(4, 5, 6)));
        assertArrayEquals(expected, CodecDriver.drain(out));
    }

    @Test
    void failEncodesAnErrorFrameWithTheRequestsActOpAndUtf8Message() {
        ActCodec codec = new ActCodec(LIMITS);
        Request relay = new Request(-2L, new Operation.Relay(Operation.ECHO, ByteBuffer.allocate(0)));
        OutBuffer out = new OutBuffer(8);
        String message = "downstream: Größe ✗";
        codec.fail(relay, ErrorCode.BAD_GATEWAY, message, out);
        byte[] text = utf8(message);
        assertArrayEquals(frame(-2L, ActFrames.RELAY, ActFrames.STATUS_ERROR, text), CodecDriver.drain(out));
    }

    @Test
    void aReplyWithALargePayloadIsEncodedWhole() {
        ActCodec codec = new ActCodec(LIMITS);
        byte[] payload = new byte[300_000];
        new java.util.Random(1).nextBytes(payload);
        OutBuffer out = new OutBuffer(16);
        codec.reply(new Request(3, new Operation.Work(0, 0, payload.length)), Status.OK,
                ByteBuffer.wrap(payload, 100, payload.length - 100), out);
        List<ActFrames.Frame> frames = ActFrames.parse(CodecDriver.drain(out));
        assertEquals(1, frames.size());
        assertEquals(0, frames.get(0).status());
        assertEquals(2, frames.get(0).op());
        assertArrayEquals(Arrays.copyOfRange(payload, 100, payload.length), frames.get(0).payload());
    }

    // ---- protocol detection -----------------------------------------------------------------------

    @Test
    void detectChoosesByTheFirstByte() {
        assertInstanceOf(ActCodec.class, WireCodec.detect((byte) 0x00, LIMITS));
        for (char c = 'A'; c <= 'Z'; c++) {
            assertInstanceOf(HttpCodec.class, WireCodec.detect((byte) c, LIMITS), "first byte " + c);
        }
        for (int b : new int[] {0x01, 0x0D, 0x0A, ' ', '0', '@', '[', 'a', 'g', 'z', 0x7F, 0x80, 0xC3, 0xFF}) {
            assertNull(WireCodec.detect((byte) b, LIMITS), "first byte 0x" + Integer.toHexString(b));
        }
    }

    @Test
    void anUnknownProtocolGetsAnErrorFrameWithActZero() {
        OutBuffer out = new OutBuffer(8);
        WireCodec.rejectUnknownProtocol((byte) 0x16, out); // a TLS ClientHello
        Frames.singleError(CodecDriver.drain(out), 0L);
    }
}
