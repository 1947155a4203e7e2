package dev.harness.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * ACT frames built and parsed from docs/protocol.md §1 directly (big-endian: length u32, act u64, op u8,
 * status u8, reserved u16, payload), independently of {@link ActCodec}.
 */
final class Frames {

    private Frames() {
    }

    /** A request frame: status 0, reserved 0. */
    static byte[] frame(long act, int op, byte[] payload) {
        return frame(12 + payload.length, act, op, 0, 0, payload);
    }

    /** A frame with every header field given, valid or not. */
    static byte[] frame(int length, long act, int op, int status, int reserved, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(16 + payload.length);
        b.putInt(length).putLong(act).put((byte) op).put((byte) status).putShort((short) reserved).put(payload);
        return b.array();
    }

    /** Three big-endian u32 values given as longs (so values over Integer.MAX_VALUE can be written). */
    static byte[] u32s(long a, long b, long c) {
        return ByteBuffer.allocate(12).putInt((int) a).putInt((int) b).putInt((int) c).array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static ByteBuffer buf(String s) {
        return ByteBuffer.wrap(utf8(s));
    }

    /** One frame as read off the wire. */
    record Frame(int length, long act, int op, int status, int reserved, byte[] payload) {
        String text() {
            try {
                return StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(payload)).toString();
            } catch (CharacterCodingException e) {
                throw new AssertionError("payload is not valid UTF-8", e);
            }
        }
    }

    /** Parses a sequence of whole frames; fails when the bytes do not end at a frame boundary. */
    static List<Frame> parse(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        List<Frame> frames = new ArrayList<>();
        while (b.hasRemaining()) {
            assertTrue(b.remaining() >= 16, "a truncated frame header in the output");
            int length = b.getInt();
            assertTrue(length >= 12 && length - 12 <= b.remaining() - 12, "output frame length " + length + " out of range");
            long act = b.getLong();
            int op = b.get() & 0xFF;
            int status = b.get() & 0xFF;
            int reserved = b.getShort() & 0xFFFF;
            byte[] payload = new byte[length - 12];
            b.get(payload);
            frames.add(new Frame(length, act, op, status, reserved, payload));
        }
        return frames;
    }

    /** Parses exactly one frame and checks it is an ERROR frame with a UTF-8 message. */
    static Frame singleError(byte[] bytes, long act) {
        List<Frame> frames = parse(bytes);
        assertEquals(1, frames.size(), "exactly one ERROR frame expected, got " + frames.size());
        Frame f = frames.get(0);
        assertEquals(act, f.act(), "ERROR frame act");
        assertEquals(2, f.status(), "ERROR frame status");
        assertEquals(0, f.reserved(), "reserved");
        assertTrue(f.payload().length > 0, "an ERROR frame carries a message");
        f.text();
        return f;
    }
}
