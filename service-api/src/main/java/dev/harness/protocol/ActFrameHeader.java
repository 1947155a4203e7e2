package dev.harness.protocol;

import java.nio.ByteBuffer;

/**
 * The one reader of the 16-byte header of an ACT frame (docs/protocol.md §1), request or answer alike:
 * {@code length} u32, {@code act} u64, {@code op} u8, {@code status} u8, {@code reserved} u16, big-endian,
 * at an absolute offset of a {@link ByteBuffer} in big-endian order (a buffer's default). {@link ActCodec} reads requests with it; the servers'
 * RELAY clients and the load generator read answers with it.
 *
 * <p>The length is the one field a reader must check before it believes the others: call
 * {@link #lengthFits} on {@link #length} before anything is allocated or awaited for the frame. A length out
 * of range means the stream cannot be trusted from here on. Only the four bytes of the length field need
 * to be in the buffer for that check; the other fields need all {@link ActCodec#HEADER_BYTES}.
 *
 * <p>Costs: static reads by absolute index: no allocation, and the buffer's position and limit are left
 * as they are. What a field's value means (an unknown op or status, reserved bits set) is the caller's to
 * judge.
 */
public final class ActFrameHeader {

    private static final int ACT_OFFSET = 4;
    private static final int OP_OFFSET = 12;
    private static final int STATUS_OFFSET = 13;
    private static final int RESERVED_OFFSET = 14;

    private ActFrameHeader() {
    }

    /**
     * The {@code length} field of the frame at {@code offset}: its bytes after the length field. A u32 over
     * {@link Integer#MAX_VALUE} reads as a negative int, which {@link #lengthFits} refuses.
     */
    public static int length(ByteBuffer frame, int offset) {
        return frame.getInt(offset);
    }

    /**
     * Whether {@code length} is in {@code 12 .. 12 + maxPayloadBytes}: a header field, not yet a promise
     * of so many bytes. Check it before allocating a payload buffer, growing a read buffer or waiting for
     * the rest of the frame, so that a header cannot make the reader allocate more than the limit.
     */
    public static boolean lengthFits(int length, int maxPayloadBytes) {
        return length >= ActCodec.MIN_LENGTH && length - ActCodec.MIN_LENGTH <= maxPayloadBytes;
    }

    /** The payload bytes of a frame whose {@code length} field is {@code length}. */
    public static int payloadBytes(int length) {
        return length - ActCodec.MIN_LENGTH;
    }

    /** The bytes of the whole frame, length field included, whose {@code length} field is {@code length}. */
    public static int frameBytes(int length) {
        return Integer.BYTES + length;
    }

    /** The {@code act} field of the frame at {@code offset}. */
    public static long act(ByteBuffer frame, int offset) {
        return frame.getLong(offset + ACT_OFFSET);
    }

    /** The {@code op} field of the frame at {@code offset}. */
    public static byte op(ByteBuffer frame, int offset) {
        return frame.get(offset + OP_OFFSET);
    }

    /** The {@code status} field of the frame at {@code offset}: {@link dev.harness.service.Status#of} names it. */
    public static byte status(ByteBuffer frame, int offset) {
        return frame.get(offset + STATUS_OFFSET);
    }

    /** The {@code reserved} field of the frame at {@code offset}; 0 in every valid frame. */
    public static short reserved(ByteBuffer frame, int offset) {
        return frame.getShort(offset + RESERVED_OFFSET);
    }
}
