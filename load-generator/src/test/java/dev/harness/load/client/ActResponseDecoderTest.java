package dev.harness.load.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.protocol.ActCodec;
import dev.harness.protocol.OutBuffer;
import dev.harness.service.Operation;
import dev.harness.service.Status;
import java.nio.ByteBuffer;
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
        OutBuffer out = new OutBuffer(64);
        ActCodec.encodeFrame(out, 7, Operation.ECHO, Status.OK, ByteBuffer.wrap(new byte[5]));
        ActCodec.encodeFrame(out, 0x1_0000_0003L, Operation.WORK, Status.OK, ByteBuffer.allocate(0));
        ActCodec.encodeFrame(out, 9, Operation.SUBSCRIBE, Status.LAST, ByteBuffer.wrap(new byte[300]));
        ActCodec.encodeError(out, 4, Operation.ECHO, "bad");
        ByteBuffer view = out.readView();
        byte[] all = new byte[view.remaining()];
        view.get(all);
        return all;
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
        ByteBuffer tooLong = ByteBuffer.allocate(16).putInt(12 + 101).putLong(1).put((byte) 1).put((byte) 0).putShort((short) 0).flip();
        assertFalse(d.decode(tooLong));
        ActResponseDecoder d2 = new ActResponseDecoder(100, (a, op, st, n) -> { });
        ByteBuffer reserved = ByteBuffer.allocate(16).putInt(12).putLong(1).put((byte) 1).put((byte) 0).putShort((short) 1).flip();
        assertFalse(d2.decode(reserved));
        ActResponseDecoder d3 = new ActResponseDecoder(100, (a, op, st, n) -> { });
        ByteBuffer tooShort = ByteBuffer.allocate(16).putInt(11).putLong(1).putInt(0).flip();
        assertFalse(d3.decode(tooShort));
    }
}
