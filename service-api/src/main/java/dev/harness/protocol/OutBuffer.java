package dev.harness.protocol;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;

/**
 * A connection's pending output: a growable byte buffer that the codecs encode answers into and the
 * server drains to its channel.
 *
 * <p>It holds no memory while empty: the first write allocates {@code initialBytes}, the buffer doubles
 * as needed, and {@link #release()} drops it once everything is written, so an idle connection costs
 * nothing here. A buffer that grew past {@value #RETAINED_BYTES} bytes for a large answer is dropped as
 * soon as {@link #writeTo} drains it. Not thread-safe: one connection, one thread at a time.
 */
public final class OutBuffer {

    /** The largest buffer kept once drained: larger ones were grown for one large answer. */
    static final int RETAINED_BYTES = 64 * 1024;

    private static final byte[] DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MIN_LONG = Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

    private final int initialBytes;
    private ByteBuffer buffer;
    private long writtenBytes;

    public OutBuffer(int initialBytes) {
        if (initialBytes <= 0) {
            throw new IllegalArgumentException("initialBytes must be > 0");
        }
        this.initialBytes = initialBytes;
    }

    /**
     * Bytes written from this buffer since it was made ({@link #writeTo}, {@link #consumed}): a write
     * timeout watches it for progress.
     */
    public long writtenBytes() {
        return writtenBytes;
    }

    /** Bytes encoded and not yet written. */
    public int readableBytes() {
        return buffer == null ? 0 : buffer.position();
    }

    public boolean isEmpty() {
        return readableBytes() == 0;
    }

    /** Makes room for {@code bytes} more bytes. */
    public OutBuffer ensure(int bytes) {
        if (buffer == null) {
            buffer = ByteBuffer.allocate(Math.max(initialBytes, bytes));
        } else if (buffer.remaining() < bytes) {
            long needed = (long) buffer.position() + bytes;
            long capacity = Math.max(needed, 2L * buffer.capacity());
            if (capacity > Integer.MAX_VALUE - 16) {
                capacity = needed;
            }
            ByteBuffer grown = ByteBuffer.allocate((int) capacity);
            buffer.flip();
            grown.put(buffer);
            buffer = grown;
        }
        return this;
    }

    public OutBuffer put(byte b) {
        ensure(1).buffer.put(b);
        return this;
    }

    public OutBuffer putShort(short s) {
        ensure(2).buffer.putShort(s);
        return this;
    }

    public OutBuffer putInt(int i) {
        ensure(4).buffer.putInt(i);
        return this;
    }

    public OutBuffer putLong(long l) {
        ensure(8).buffer.putLong(l);
        return this;
    }

    public OutBuffer put(byte[] bytes) {
        ensure(bytes.length).buffer.put(bytes);
        return this;
    }

    /** Copies the bytes between {@code src}'s position and limit; {@code src} is not changed. */
    public OutBuffer put(ByteBuffer src) {
        int length = src.remaining();
        ensure(length);
        buffer.put(buffer.position(), src, src.position(), length);
        buffer.position(buffer.position() + length);
        return this;
    }

    /** Writes {@code value} in decimal ASCII, with no allocation. */
    public OutBuffer putDecimal(long value) {
        if (value == Long.MIN_VALUE) {
            return put(MIN_LONG);
        }
        if (value < 0) {
            put((byte) '-');
            value = -value;
        }
        int digits = 1;
        for (long v = value; v >= 10; v /= 10) {
            digits++;
        }
        ensure(digits);
        int end = buffer.position() + digits;
        for (int i = end - 1; i >= buffer.position(); i--) {
            buffer.put(i, DIGITS[(int) (value % 10)]);
            value /= 10;
        }
        buffer.position(end);
        return this;
    }

    /** Writes {@code value} (non-negative) in lower-case hexadecimal ASCII, as chunk sizes are. */
    public OutBuffer putHex(int value) {
        int digits = Math.max(1, (35 - Integer.numberOfLeadingZeros(value)) / 4);
        ensure(digits);
        int end = buffer.position() + digits;
        for (int i = end - 1; i >= buffer.position(); i--) {
            buffer.put(i, DIGITS[value & 0xF]);
            value >>>= 4;
        }
        buffer.position(end);
        return this;
    }

    /** Moves everything in {@code other} to the end of this buffer and leaves {@code other} empty. */
    public OutBuffer putAll(OutBuffer other) {
        if (other.buffer != null) {
            other.buffer.flip();
            put(other.buffer);
            other.buffer = null;
        }
        return this;
    }

    /**
     * Writes as much as {@code channel} takes (everything, for a channel in blocking mode).
     *
     * @return the bytes written
     */
    public int writeTo(WritableByteChannel channel) throws IOException {
        if (buffer == null) {
            return 0;
        }
        buffer.flip();
        int written = 0;
        try {
            while (buffer.hasRemaining()) {
                int n = channel.write(buffer);
                if (n <= 0) {
                    break;
                }
                written += n;
            }
        } finally {
            writtenBytes += written;
            buffer.compact();
            if (buffer.position() == 0 && buffer.capacity() > RETAINED_BYTES) {
                buffer = null;
            }
        }
        return written;
    }

    /** The pending bytes as a buffer in read mode; call {@link #consumed(ByteBuffer)} after writing from it. */
    public ByteBuffer readView() {
        if (buffer == null) {
            return ByteBuffer.allocate(0);
        }
        buffer.flip();
        return buffer;
    }

    /** Ends a {@link #readView()}: drops the bytes read from it and keeps the rest. */
    public void consumed(ByteBuffer view) {
        if (view == buffer) {
            writtenBytes += buffer.position();
            buffer.compact();
        }
    }

    /** Drops the memory when nothing is pending, so that an idle connection holds none. */
    public void release() {
        if (buffer != null && buffer.position() == 0) {
            buffer = null;
        }
    }

    /** Discards everything pending. */
    public void clear() {
        buffer = null;
    }
}
