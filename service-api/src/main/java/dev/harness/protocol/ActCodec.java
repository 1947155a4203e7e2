package dev.harness.protocol;

import dev.harness.service.ErrorCode;
import dev.harness.service.Limits;
import dev.harness.service.Operation;
import dev.harness.service.Request;
import dev.harness.service.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary ACT-frame protocol (docs/protocol.md §1): a 16-byte big-endian header — {@code length},
 * {@code act}, {@code op}, {@code status}, {@code reserved} — and a payload.
 *
 * <p>A header that cannot be trusted ({@code length} out of range, {@code reserved} not 0) is answered
 * with an ERROR frame under act 0 and stops the connection before anything is allocated for it (the header
 * is read by {@link ActFrameHeader}, its length checked first). A request
 * whose op is unknown or whose payload does not fit its op gets an ERROR frame under its own act and the
 * connection goes on. The only allocation per request is a copy of the payload that ECHO and RELAY keep.
 */
public final class ActCodec implements WireCodec {

    /** Bytes of the header, including the length field. */
    public static final int HEADER_BYTES = 16;
    /** The smallest valid {@code length}: the header bytes after the length field. */
    public static final int MIN_LENGTH = 12;
    /** The payload of WORK and SUBSCRIBE: three u32. */
    public static final int THREE_U32_BYTES = 12;

    private final Limits limits;
    private boolean stopped;
    private boolean midHeader;
    /**
     * The message of the ERROR frame with act 0 of a stop that came while answers were owed (a handler that
     * answers from a later completion): written after the last of them, so that act 0 stays the last frame.
     */
    private String farewell;
    /** With a {@link #farewell}: the last answers still owed before it. */
    private int answersOwed;

    public ActCodec(Limits limits) {
        this.limits = limits;
    }

    @Override
    public int decode(ByteBuffer in, Inbound inbound, OutBuffer out) {
        midHeader = false;
        if (stopped) {
            return STOP_READING;
        }
        while (in.remaining() >= 4) {
            int start = in.position();
            int length = ActFrameHeader.length(in, start);
            if (!ActFrameHeader.lengthFits(length, limits.maxPayloadBytes())) {
                return stop(inbound, out, "frame length %d is outside 12..%d (12 + the payload limit)"
                        .formatted(length & 0xFFFFFFFFL, MIN_LENGTH + limits.maxPayloadBytes()));
            }
            if (in.remaining() < HEADER_BYTES) {
                midHeader = true;
                return HEADER_BYTES;
            }
            short reserved = ActFrameHeader.reserved(in, start);
            if (reserved != 0) {
                return stop(inbound, out, "reserved header bytes must be 0, got 0x%04x".formatted(reserved & 0xFFFF));
            }
            int frameBytes = ActFrameHeader.frameBytes(length);
            if (in.remaining() < frameBytes) {
                return frameBytes;
            }
            long act = ActFrameHeader.act(in, start);
            byte op = ActFrameHeader.op(in, start);
            byte status = ActFrameHeader.status(in, start);
            ByteBuffer payload = in.slice(start + HEADER_BYTES, ActFrameHeader.payloadBytes(length));
            in.position(start + frameBytes);
            if (status != 0) {
                encodeError(out, act, op, "a request's status byte must be 0, got " + (status & 0xFF));
                continue;
            }
            Object decoded = decodeOperation(op, payload);
            if (decoded instanceof Operation operation) {
                inbound.onRequest(new Request(act, operation));
            } else {
                encodeError(out, act, op, (String) decoded);
            }
        }
        midHeader = in.hasRemaining();
        return HEADER_BYTES;
    }

    /** The operation, or a String saying why the payload does not fit the op. */
    private static Object decodeOperation(byte op, ByteBuffer payload) {
        return switch (op) {
            case Operation.ECHO -> new Operation.Echo(copy(payload));
            case Operation.WORK -> {
                long[] v = threeU32(payload);
                yield v == null ? overOrMalformed("WORK", "cpu_us, wait_us, reply_bytes", payload)
                        : new Operation.Work((int) v[0], (int) v[1], (int) v[2]);
            }
            case Operation.SUBSCRIBE -> {
                long[] v = threeU32(payload);
                yield v == null ? overOrMalformed("SUBSCRIBE", "count, interval_us, event_bytes", payload)
                        : new Operation.Subscribe((int) v[0], (int) v[1], (int) v[2]);
            }
            case Operation.RELAY -> {
                if (!payload.hasRemaining()) {
                    yield "RELAY takes an inner op byte and the inner payload, got 0 bytes";
                }
                yield new Operation.Relay(payload.get(0), copy(payload.slice(1, payload.remaining() - 1)));
            }
            default -> "unknown op 0x%02x".formatted(op & 0xFF);
        };
    }

    /** The three u32 of a WORK or SUBSCRIBE payload, or null when it is not 12 bytes or a value is over any int. */
    private static long[] threeU32(ByteBuffer payload) {
        if (payload.remaining() != THREE_U32_BYTES) {
            return null;
        }
        long[] values = {u32(payload, 0), u32(payload, 4), u32(payload, 8)};
        return (values[0] | values[1] | values[2]) > Integer.MAX_VALUE ? null : values;
    }

    /** Why {@link #threeU32} refused a payload. */
    private static String overOrMalformed(String op, String fields, ByteBuffer payload) {
        if (payload.remaining() != THREE_U32_BYTES) {
            return op + " takes 12 payload bytes (" + fields + "), got " + payload.remaining();
        }
        return "%s parameter over any limit: %s = %d, %d, %d".formatted(op, fields,
                u32(payload, 0), u32(payload, 4), u32(payload, 8));
    }

    private int stop(OutBuffer out, String message) {
        stopped = true;
        encodeError(out, 0L, (byte) 0, message);
        return STOP_READING;
    }

    /** {@link #stop}, after the answers {@code inbound} still owes, if any. */
    private int stop(Inbound inbound, OutBuffer out, String message) {
        answersOwed = inbound.answersOwed();
        if (answersOwed == 0) {
            return stop(out, message);
        }
        stopped = true;
        farewell = message;
        return STOP_READING;
    }

    @Override
    public void reply(Request request, Status status, ByteBuffer payload, OutBuffer out) {
        encodeFrame(out, request.act(), request.operation().code(), status, payload);
        if (status != Status.OK || !Operation.isStream(request.operation().code())) {
            answered(out);
        }
    }

    @Override
    public void fail(Request request, ErrorCode code, String message, OutBuffer out) {
        encodeError(out, request.act(), request.operation().code(), message);
        answered(out);
    }

    /** A request got its last answer: the one owed last releases a held stop's ERROR frame. */
    private void answered(OutBuffer out) {
        if (farewell != null && --answersOwed == 0) {
            encodeError(out, 0L, (byte) 0, farewell);
            farewell = null;
        }
    }

    @Override
    public int heldOutputBytes() {
        return 0;
    }

    @Override
    public boolean finished() {
        return stopped && farewell == null;
    }

    @Override
    public boolean midHeader() {
        return midHeader;
    }

    @Override
    public void expire(String message, OutBuffer out) {
        stop(out, message);
    }

    /** Encodes one frame. */
    public static void encodeFrame(OutBuffer out, long act, byte op, Status status, ByteBuffer payload) {
        out.ensure(HEADER_BYTES + payload.remaining())
                .putInt(MIN_LENGTH + payload.remaining())
                .putLong(act)
                .put(op)
                .put(status.code())
                .putShort((short) 0)
                .put(payload);
    }

    /** Encodes an ERROR frame whose payload is {@code message} in UTF-8. */
    public static void encodeError(OutBuffer out, long act, byte op, String message) {
        encodeFrame(out, act, op, Status.ERROR, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static long u32(ByteBuffer payload, int index) {
        return payload.getInt(payload.position() + index) & 0xFFFFFFFFL;
    }

    private static ByteBuffer copy(ByteBuffer source) {
        ByteBuffer copy = ByteBuffer.allocate(source.remaining());
        copy.put(0, source, source.position(), source.remaining());
        return copy;
    }
}
