package dev.harness.protocol;

import static dev.harness.conformance.ActFrames.concat;
import static dev.harness.conformance.ActFrames.frame;
import static dev.harness.protocol.Frames.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ActFrameHeader} against headers built from docs/protocol.md §1 by {@link dev.harness.conformance.ActFrames}, not by the codec. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ActFrameHeaderTest {

    @Test
    void readsEveryFieldAtAnOffsetWithoutMovingTheBuffer() {
        byte[] prefix = {1, 2, 3};
        ByteBuffer in = ByteBuffer.wrap(concat(prefix, frame(12 + 5, 0x0102_0304_0506_0708L, 0x83, 2, 0xBEEF, utf8("hello"))));
        in.position(1);
        int offset = prefix.length;
        assertEquals(17, ActFrameHeader.length(in, offset));
        assertEquals(0x0102_0304_0506_0708L, ActFrameHeader.act(in, offset));
        assertEquals((byte) 0x83, ActFrameHeader.op(in, offset));
        assertEquals((byte) 2, ActFrameHeader.status(in, offset));
        assertEquals((short) 0xBEEF, ActFrameHeader.reserved(in, offset));
        assertEquals(5, ActFrameHeader.payloadBytes(ActFrameHeader.length(in, offset)));
        assertEquals(ActCodec.HEADER_BYTES + 5, ActFrameHeader.frameBytes(ActFrameHeader.length(in, offset)));
        assertEquals(1, in.position(), "reads are absolute");
        assertEquals(in.capacity(), in.limit());
    }

    @Test
    void lengthFitsFromTheHeaderAloneUpToThePayloadLimit() {
        assertFalse(ActFrameHeader.lengthFits(11, 100), "shorter than the header after the length field");
        assertTrue(ActFrameHeader.lengthFits(12, 100), "an empty payload");
        assertTrue(ActFrameHeader.lengthFits(12 + 100, 100), "a payload of exactly the limit");
        assertFalse(ActFrameHeader.lengthFits(12 + 101, 100), "one byte over the limit");
        assertFalse(ActFrameHeader.lengthFits(0, 100));
        assertFalse(ActFrameHeader.lengthFits(Integer.MAX_VALUE, Integer.MAX_VALUE - 12 - 1), "no overflow near the top");
        assertTrue(ActFrameHeader.lengthFits(Integer.MAX_VALUE, Integer.MAX_VALUE - 12));
    }

    @Test
    void aLengthOverTwoGibReadsNegativeAndDoesNotFit() {
        ByteBuffer in = ByteBuffer.wrap(Frames.bytes(0xFF, 0xFF, 0xFF, 0xF0));
        int length = ActFrameHeader.length(in, 0);
        assertTrue(length < 0, "u32 0xFFFFFFF0 as an int");
        assertFalse(ActFrameHeader.lengthFits(length, Integer.MAX_VALUE), "refused from the four bytes of the length");
    }

    @Test
    void readingAHeaderAllocatesNothing() {
        ByteBuffer in = ByteBuffer.wrap(frame(7, 0x1, new byte[3]));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = readAll(in);
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            sum += readAll(in);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(10_001L * (15 + 7 + 1 + 0 + 0 + 1), sum);
        if (threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled()) {
            assertTrue(allocated < 10_000, "10,000 header reads allocated " + allocated + " bytes");
        }
    }

    private static long readAll(ByteBuffer in) {
        int length = ActFrameHeader.length(in, 0);
        return length + ActFrameHeader.act(in, 0) + ActFrameHeader.op(in, 0) + ActFrameHeader.status(in, 0)
                + ActFrameHeader.reserved(in, 0) + (ActFrameHeader.lengthFits(length, 3) ? 1 : 0);
    }
}
