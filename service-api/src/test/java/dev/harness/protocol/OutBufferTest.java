package dev.harness.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link OutBuffer}: encoding helpers, growth, hand-over between buffers, draining to a channel. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OutBufferTest {

    private static String text(OutBuffer out) {
        return new String(CodecDriver.drain(out), StandardCharsets.US_ASCII);
    }

    private static Object storage(OutBuffer out) throws ReflectiveOperationException {
        Field f = OutBuffer.class.getDeclaredField("buffer");
        f.setAccessible(true);
        return f.get(out);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 9, 10, 11, 99, 100, 1234567890, 4294967295L, 999_999_999_999_999_999L,
            Long.MAX_VALUE, -1, -42, -Long.MAX_VALUE})
    void putDecimalWritesTheDecimalDigits(long value) {
        OutBuffer out = new OutBuffer(1);
        out.put((byte) '[').putDecimal(value).put((byte) ']');
        assertEquals("[" + value + "]", text(out));
    }

    @Test
    void putDecimalOfZeroAndMaxValueExactly() {
        OutBuffer out = new OutBuffer(2);
        out.putDecimal(0).put((byte) ' ').putDecimal(Long.MAX_VALUE);
        assertEquals("0 9223372036854775807", text(out));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 9, 10, 15, 16, 255, 256, 4095, 4096, 0xABCDEF, 0x10000000, Integer.MAX_VALUE})
    void putHexWritesLowerCaseHexWithoutLeadingZeros(int value) {
        OutBuffer out = new OutBuffer(1);
        out.put((byte) '<').putHex(value).put((byte) '>');
        assertEquals("<" + Integer.toHexString(value) + ">", text(out));
    }

    @Test
    void growsFromATinyInitialSizeAndKeepsEveryByte() {
        OutBuffer out = new OutBuffer(1);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Random rnd = new Random(7);
        for (int i = 0; i < 2000; i++) {
            switch (i % 6) {
                case 0 -> {
                    out.put((byte) i);
                    expected.write((byte) i);
                }
                case 1 -> {
                    out.putShort((short) i);
                    expected.writeBytes(ByteBuffer.allocate(2).putShort((short) i).array());
                }
                case 2 -> {
                    out.putInt(i * 31);
                    expected.writeBytes(ByteBuffer.allocate(4).putInt(i * 31).array());
                }
                case 3 -> {
                    out.putLong(-i);
                    expected.writeBytes(ByteBuffer.allocate(8).putLong(-i).array());
                }
                case 4 -> {
                    byte[] b = new byte[rnd.nextInt(300)];
                    rnd.nextBytes(b);
                    out.put(b);
                    expected.writeBytes(b);
                }
                default -> {
                    out.putDecimal(i).putHex(i);
                    expected.writeBytes((i + Integer.toHexString(i)).getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        assertEquals(expected.size(), out.readableBytes());
        assertArrayEquals(expected.toByteArray(), CodecDriver.drain(out));
        assertTrue(out.isEmpty());
    }

    @Test
    void ensureMakesRoomForABigWriteAtOnce() {
        OutBuffer out = new OutBuffer(4);
        out.put((byte) 1);
        out.ensure(1_000_000);
        byte[] big = new byte[1_000_000];
        new Random(3).nextBytes(big);
        out.put(big);
        byte[] all = CodecDriver.drain(out);
        assertEquals(1_000_001, all.length);
        assertEquals(1, all[0]);
        assertEquals(big[999_999], all[1_000_000]);
    }

    @Test
    void putOfAByteBufferCopiesPositionToLimitAndLeavesItUnchanged() {
        ByteBuffer src = ByteBuffer.wrap("0123456789".getBytes(StandardCharsets.US_ASCII));
        src.position(2).limit(7);
        OutBuffer out = new OutBuffer(2);
        out.put(src);
        assertEquals(2, src.position());
        assertEquals(7, src.limit());
        out.put(src.asReadOnlyBuffer());
        ByteBuffer direct = ByteBuffer.allocateDirect(3).put("xyz".getBytes(StandardCharsets.US_ASCII)).flip();
        out.put(direct);
        assertEquals(0, direct.position());
        assertEquals("2345623456xyz", text(out));
    }

    @Test
    void putAllMovesEverythingAndEmptiesTheOther() {
        OutBuffer a = new OutBuffer(4);
        OutBuffer b = new OutBuffer(4);
        a.put("head-".getBytes(StandardCharsets.US_ASCII));
        b.put("tail-of-some-length".getBytes(StandardCharsets.US_ASCII));
        a.putAll(b);
        assertTrue(b.isEmpty());
        assertEquals(0, b.readableBytes());
        a.putAll(b); // an empty other adds nothing
        a.putAll(new OutBuffer(8));
        b.put((byte) '!'); // the other is usable again
        a.putAll(b);
        assertEquals("head-tail-of-some-length!", text(a));
        assertTrue(b.isEmpty());
    }

    @Test
    void writeToWritesEverythingToABlockingChannel() throws IOException {
        OutBuffer out = new OutBuffer(8);
        out.put("hello, world".getBytes(StandardCharsets.US_ASCII));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        assertEquals(12, out.writeTo(Channels.newChannel(sink)));
        assertEquals("hello, world", sink.toString(StandardCharsets.US_ASCII));
        assertTrue(out.isEmpty());
        assertEquals(0, out.writeTo(Channels.newChannel(sink)), "nothing pending, nothing written");
        assertEquals(0, new OutBuffer(4).writeTo(Channels.newChannel(sink)), "a never-used buffer writes nothing");
    }

    /** A non-blocking channel's behaviour: takes {@code perWrite} bytes a call until {@code budget} is used. */
    private static final class TrickleChannel implements WritableByteChannel {
        final ByteArrayOutputStream taken = new ByteArrayOutputStream();
        final int perWrite;
        int budget;

        TrickleChannel(int perWrite, int budget) {
            this.perWrite = perWrite;
            this.budget = budget;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(Math.min(perWrite, budget), src.remaining());
            for (int i = 0; i < n; i++) {
                taken.write(src.get());
            }
            budget -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void writeToKeepsWhatAChannelDidNotTakeAndAppendsAfterIt() throws IOException {
        OutBuffer out = new OutBuffer(4);
        out.put("abcdefghij".getBytes(StandardCharsets.US_ASCII));
        TrickleChannel channel = new TrickleChannel(3, 7);
        assertEquals(7, out.writeTo(channel));
        assertEquals(3, out.readableBytes());
        out.put("KL".getBytes(StandardCharsets.US_ASCII));
        channel.budget = 100;
        assertEquals(5, out.writeTo(channel));
        assertEquals("abcdefghijKL", channel.taken.toString(StandardCharsets.US_ASCII));
        assertTrue(out.isEmpty());
    }

    @Test
    void readViewAndConsumedDropOnlyWhatWasRead() {
        OutBuffer out = new OutBuffer(4);
        out.put("0123456789".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer view = out.readView();
        assertEquals(10, view.remaining());
        view.position(view.position() + 4);
        out.consumed(view);
        assertEquals(6, out.readableBytes());
        out.put((byte) 'X');
        assertEquals("456789X", text(out));
        ByteBuffer none = new OutBuffer(4).readView();
        assertEquals(0, none.remaining());
    }

    @Test
    void releaseFreesTheMemoryOnlyWhenNothingIsPending() throws ReflectiveOperationException {
        OutBuffer out = new OutBuffer(64);
        assertNull(storage(out), "no memory before the first write");
        out.put((byte) 1);
        assertNotNull(storage(out));
        out.release();
        assertNotNull(storage(out), "pending bytes are kept");
        assertEquals(1, out.readableBytes());
        CodecDriver.drain(out);
        out.release();
        assertNull(storage(out), "an idle buffer holds nothing");
        out.put((byte) 2); // usable again
        assertArrayEquals(new byte[] {2}, CodecDriver.drain(out));
    }

    @Test
    void clearDiscardsEverything() {
        OutBuffer out = new OutBuffer(4);
        out.put(new byte[100]);
        out.clear();
        assertTrue(out.isEmpty());
        out.put((byte) 'a');
        assertEquals("a", text(out));
    }

    @Test
    void initialBytesMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new OutBuffer(0));
        assertThrows(IllegalArgumentException.class, () -> new OutBuffer(-1));
    }
}
