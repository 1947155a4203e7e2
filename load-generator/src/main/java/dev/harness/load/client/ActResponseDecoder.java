package dev.harness.load.client;

import dev.harness.protocol.ActCodec;
import dev.harness.protocol.ActFrameHeader;
import java.nio.ByteBuffer;

/**
 * Incremental decoder of ACT response frames (docs/protocol.md §1). It reports each frame once all of its bytes
 * have arrived — act, op, status and payload length — and skips the payload without copying it.
 *
 * <p>State between calls is a 16-byte header scratch and the payload bytes still to skip, so any split of
 * the input works. The header is read by {@link ActFrameHeader}: a frame whose {@code length} is out of
 * range or whose {@code reserved} bytes are not 0 makes {@link #decode} return false: nothing after it can
 * be trusted. No allocation per frame.
 */
public final class ActResponseDecoder implements ResponseDecoder {

    /** Receives every complete frame. */
    @FunctionalInterface
    public interface FrameListener {
        void onFrame(long act, byte op, byte status, int payloadBytes);
    }

    private final int maxPayloadBytes;
    private final FrameListener listener;
    private final ByteBuffer header = ByteBuffer.allocate(ActCodec.HEADER_BYTES);
    private int headerFill;
    private int payloadLeft = -1;
    private long act;
    private byte op;
    private byte status;
    private int payloadBytes;

    public ActResponseDecoder(int maxPayloadBytes, FrameListener listener) {
        this.maxPayloadBytes = maxPayloadBytes;
        this.listener = listener;
    }

    /** Consumes all of {@code in}; false when a frame header cannot be trusted. */
    @Override
    public boolean decode(ByteBuffer in) {
        while (in.hasRemaining()) {
            if (payloadLeft > 0) {
                int skip = Math.min(payloadLeft, in.remaining());
                in.position(in.position() + skip);
                payloadLeft -= skip;
                if (payloadLeft == 0) {
                    deliver();
                }
                continue;
            }
            if (headerFill == 0 && in.remaining() >= ActCodec.HEADER_BYTES) {
                int p = in.position();
                if (!header(in, p)) {
                    return false;
                }
                in.position(p + ActCodec.HEADER_BYTES);
            } else {
                int n = Math.min(ActCodec.HEADER_BYTES - headerFill, in.remaining());
                header.put(headerFill, in, in.position(), n);
                in.position(in.position() + n);
                headerFill += n;
                if (headerFill < ActCodec.HEADER_BYTES) {
                    return true;
                }
                headerFill = 0;
                if (!header(header, 0)) {
                    return false;
                }
            }
            if (payloadLeft == 0) {
                deliver();
            }
        }
        return true;
    }

    @Override
    public boolean betweenResponses() {
        return headerFill == 0 && payloadLeft < 0;
    }

    /** Takes the header at {@code offset} of {@code frame}; false when it cannot be trusted. */
    private boolean header(ByteBuffer frame, int offset) {
        int length = ActFrameHeader.length(frame, offset);
        if (!ActFrameHeader.lengthFits(length, maxPayloadBytes) || ActFrameHeader.reserved(frame, offset) != 0) {
            return false;
        }
        act = ActFrameHeader.act(frame, offset);
        op = ActFrameHeader.op(frame, offset);
        status = ActFrameHeader.status(frame, offset);
        payloadBytes = ActFrameHeader.payloadBytes(length);
        payloadLeft = payloadBytes;
        return true;
    }

    private void deliver() {
        payloadLeft = -1;
        listener.onFrame(act, op, status, payloadBytes);
    }
}
