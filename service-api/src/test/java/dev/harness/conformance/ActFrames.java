package dev.harness.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.harness.transport.Channel;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * ACT frames built and read byte by byte from {@code docs/protocol.md} §1, with no project codec in between,
 * so a test that uses them never checks a codec with itself: a 16-byte big-endian header — {@code length} u32
 * (the bytes after the length field: 12 + payload), {@code act} u64, {@code op} u8, {@code status} u8,
 * {@code reserved} u16 — then the payload. The one builder and reader of ACT frames for the tests of every
 * module (the conformance kit, the codec tests, the load generator's, the command line's).
 *
 * <p>Builders write every field as given, valid or not, so tests can also write malformed frames; numbers the
 * protocol calls u32 are taken as {@code long} (or {@code int} bit patterns, such as {@code 0xFFFF_FFFF}) and
 * written as their low 32 bits. Readers check the length field before they allocate: a frame shorter than its
 * header or with a payload over {@link #MAX_READ_PAYLOAD_BYTES} fails the test. Nothing here keeps state.
 */
public final class ActFrames {

    public static final int HEADER_BYTES = 16;
    /** What the length field counts besides the payload: act, op, status and reserved. */
    public static final int LENGTH_WITHOUT_PAYLOAD = 12;

    public static final int ECHO = 0x01;
    public static final int WORK = 0x02;
    public static final int SUBSCRIBE = 0x03;
    public static final int RELAY = 0x04;

    public static final int STATUS_OK = 0;
    public static final int STATUS_LAST = 1;
    public static final int STATUS_ERROR = 2;

    /** A frame read with a bigger payload than this is a server bug: the readers refuse to allocate for it. */
    public static final int MAX_READ_PAYLOAD_BYTES = 64 << 20;

    private ActFrames() {
    }

    /** One frame as read, every header field as it came: op, status and reserved unsigned. */
    public record Frame(int length, long act, int op, int status, int reserved, byte[] payload) {

        /** The payload decoded as strict UTF-8; fails the test if it is not valid UTF-8. */
        public String text() {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString();
            } catch (CharacterCodingException e) {
                return fail("payload is not valid UTF-8: " + HexFormat.ofDelimiter(" ").formatHex(payload));
            }
        }

        @Override
        public String toString() {
            String shown = payload.length <= 64 ? HexFormat.of().formatHex(payload)
                    : HexFormat.of().formatHex(payload, 0, 64) + "...";
            return "Frame[length=" + Integer.toUnsignedString(length) + ", act=0x" + Long.toHexString(act) + ", op=" + op
                    + ", status=" + status + ", reserved=" + reserved + ", payload(" + payload.length + ")=" + shown + "]";
        }
    }

    // ---- building ----------------------------------------------------------------------------------

    /** A 16-byte header with every field as given, valid or not. */
    public static byte[] header(int length, long act, int op, int status, int reserved) {
        return ByteBuffer.allocate(HEADER_BYTES)
                .putInt(length)
                .putLong(act)
                .put((byte) op)
                .put((byte) status)
                .putShort((short) reserved)
                .array();
    }

    /** A header with every field as given, valid or not, followed by {@code payload}. */
    public static byte[] frame(int length, long act, int op, int status, int reserved, byte[] payload) {
        return concat(header(length, act, op, status, reserved), payload);
    }

    /** A well-formed frame: {@code length = 12 + payload}, reserved 0; an answer when status is not 0. */
    public static byte[] frame(long act, int op, int status, byte[] payload) {
        return frame(LENGTH_WITHOUT_PAYLOAD + payload.length, act, op, status, 0, payload);
    }

    /** A well-formed request frame: {@code length = 12 + payload}, status 0, reserved 0. */
    public static byte[] frame(long act, int op, byte[] payload) {
        return frame(act, op, STATUS_OK, payload);
    }

    public static byte[] echo(long act, byte[] payload) {
        return frame(act, ECHO, payload);
    }

    /** WORK: {@code cpu_us}, {@code wait_us} and {@code reply_bytes}, three u32. */
    public static byte[] work(long act, long cpuMicros, long waitMicros, long replyBytes) {
        return frame(act, WORK, u32s(cpuMicros, waitMicros, replyBytes));
    }

    /** SUBSCRIBE: {@code count}, {@code interval_us} and {@code event_bytes}, three u32. */
    public static byte[] subscribe(long act, long count, long intervalMicros, long eventBytes) {
        return frame(act, SUBSCRIBE, u32s(count, intervalMicros, eventBytes));
    }

    /** RELAY of an inner request: payload = {@code u8 inner_op} + inner payload. */
    public static byte[] relay(long act, int innerOp, byte[] innerPayload) {
        return frame(act, RELAY, concat(new byte[] {(byte) innerOp}, innerPayload));
    }

    /** Big-endian u32 values, each the low 32 bits of its argument. */
    public static byte[] u32s(long... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (long v : values) {
            b.putInt((int) v);
        }
        return b.array();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
    }

    // ---- reading -----------------------------------------------------------------------------------

    /** Where a reader takes its bytes from: exactly {@code n} of them, or an exception {@code X}. */
    @FunctionalInterface
    public interface ByteSource<X extends Exception> {
        byte[] readExactly(int n) throws X;
    }

    /** Reads exactly one frame; the length field is checked before the payload is allocated. */
    public static <X extends Exception> Frame read(ByteSource<X> in) throws X {
        byte[] head = in.readExactly(HEADER_BYTES);
        ByteBuffer h = ByteBuffer.wrap(head);
        int length = h.getInt();
        if (length < LENGTH_WITHOUT_PAYLOAD || length - LENGTH_WITHOUT_PAYLOAD > MAX_READ_PAYLOAD_BYTES) {
            fail("a frame with length " + Integer.toUnsignedString(length) + " (header "
                    + HexFormat.ofDelimiter(" ").formatHex(head) + ")");
        }
        long act = h.getLong();
        int op = h.get() & 0xFF;
        int status = h.get() & 0xFF;
        int reserved = h.getShort() & 0xFFFF;
        return new Frame(length, act, op, status, reserved, in.readExactly(length - LENGTH_WITHOUT_PAYLOAD));
    }

    /** Reads exactly one frame; {@link EOFException} when the stream ends first. */
    public static Frame read(InputStream in) throws IOException {
        return read(n -> {
            byte[] bytes = in.readNBytes(n);
            if (bytes.length < n) {
                throw new EOFException("the stream ended after " + bytes.length + " bytes of " + n);
            }
            return bytes;
        });
    }

    /** Reads exactly one frame; {@link EOFException} when the peer closed the connection first. */
    public static Frame read(Channel channel) throws IOException {
        return read(n -> {
            ByteBuffer into = ByteBuffer.allocate(n);
            while (into.hasRemaining()) {
                if (channel.read(into) < 0) {
                    throw new EOFException("the peer closed the connection after " + into.position() + " bytes of " + n);
                }
            }
            return into.array();
        });
    }

    /** Reads whole frames until {@code bytes} end; fails when they do not end at a frame boundary. */
    public static List<Frame> parse(byte[] bytes) {
        ByteBuffer all = ByteBuffer.wrap(bytes);
        List<Frame> frames = new ArrayList<>();
        while (all.hasRemaining()) {
            frames.add(read(n -> {
                if (all.remaining() < n) {
                    fail("the bytes end inside a frame: " + all.remaining() + " left where " + n + " more were due");
                }
                byte[] next = new byte[n];
                all.get(next);
                return next;
            }));
        }
        return frames;
    }

    // ---- over a transport channel ------------------------------------------------------------------

    /** Writes one request frame whole. */
    public static void send(Channel channel, long act, int op, byte[] payload) throws IOException {
        ByteBuffer frame = ByteBuffer.wrap(frame(act, op, payload));
        while (frame.hasRemaining()) {
            channel.write(frame);
        }
    }

    public static void sendEcho(Channel channel, long act, String text) throws IOException {
        send(channel, act, ECHO, text.getBytes(StandardCharsets.UTF_8));
    }
}
