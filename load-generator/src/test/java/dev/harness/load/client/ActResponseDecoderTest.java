package dev.harness.load.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames;
import dev.harness.service.Operation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ActResponseDecoderTest {

    record Frame(long act, byte op, byte status, int payloadBytes) {
    }

    private static byte[] frames() {
        return ActFrames.concat(
                ActFrames.frame(7, Operation.ECHO, ActFrames.STATUS_OK, new byte[5]),
                ActFrames.frame(0x1_0000_0003L, Operation.WORK, ActFrames.STATUS_OK, new byte[0]),
                ActFrames.frame(9, Operation.SUBSCRIBE, ActFrames.STATUS_LAST, new byte[300]),
                ActFrames.frame(4, Operation.ECHO, ActFrames.STATUS_ERROR, "bad".getBytes(StandardCharsets.UTF_8)));
    }

    private static final List<Frame> EXPECTED = List.of(
            new Frame(7, Operation.ECHO, (byte) 0, 5),
            new Frame(0x1_0000_0003L, Operation.WORK, (byte) 0, 0),
            new Frame(9, Operation.SUBSCRIBE, (byte) 1, 300),
            new Frame(4, Operation.ECHO, (byte) 2, 3));

    @Test
    void coalescedFramesAllArrive() {
        List<Frame> got = new ArrayList<>();
        ActResponseDecoder d = new ActResponseDecoder(1 << 20, (a, op, st, n) -> got.add(new Frame(a, op, st, n)));
        assertTrue(d.decode(ByteBuffer.wrap(frames())));
        assertEquals(EXPECTED, got);
    }

    @Test
    void splitAtEveryByte() {
        byte[] bytes = frames();
        for (int split = 0; split <= bytes.length; split++) {
            List<Frame> got = new ArrayList<>();
            ActResponseDecoder d = new ActResponseDecoder(1 << 20, (a, op, st, n) -> got.add(new Frame(a, op, st, n)));
            assertTrue(d.decode(ByteBuffer.wrap(bytes, 0, split)));
            assertTrue(d.decode(ByteBuffer.wrap(bytes, split, bytes.length - split)));
            assertEquals(EXPECTED, got, "split at " + split);
        }
    }

    @Test
    void oneByteAtATime() {
        byte[] bytes = frames();
        List<Frame> got = new ArrayList<>();
        ActResponseDecoder d = new ActResponseDecoder(1 << 20, (a, op, st, n) -> got.add(new Frame(a, op, st, n)));
        for (byte b : bytes) {
            assertTrue(d.decode(ByteBuffer.wrap(new byte[] {b})));
        }
        assertEquals(EXPECTED, got);
    }

    @Test
    void untrustedHeaderStopsDecoding() {
        ActResponseDecoder d = new ActResponseDecoder(100, (a, op, st, n) -> { });
        ByteBuffer tooLong = ByteBuffer.wrap(ActFrames.header(12 + 101, 1, 1, 0, 0));
        assertFalse(d.decode(tooLong));
        ActResponseDecoder d2 = new ActResponseDecoder(100, (a, op, st, n) -> { });
        ByteBuffer reserved = ByteBuffer.wrap(ActFrames.header(12, 1, 1, 0, 1));
        assertFalse(d2.decode(reserved));
        ActResponseDecoder d3 = new ActResponseDecoder(100, (a, op, st, n) -> { });
        ByteBuffer tooShort = ByteBuffer.wrap(ActFrames.header(11, 1, 0, 0, 0));
        assertFalse(d3.decode(tooShort));
    }
}
