package dev.harness.blocking;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The read buffers of one {@link BlockingServer}: {@value #BUFFER_BYTES}-byte heap buffers that a
 * connection borrows when input is ready and gives back once its codec has consumed every byte, so that a
 * connection waiting for its next request holds none.
 *
 * <p>The free buffers sit in a bounded multi-producer multi-consumer array queue (D. Vyukov's: one
 * sequence number per slot, a compare-and-set on the head or the tail per operation). It never blocks and
 * takes no lock, so a virtual thread cannot pin its carrier here and a platform thread never parks in the
 * kernel for a buffer; {@link #borrow} and {@link #release} allocate nothing when the pool has a buffer or a
 * free slot. Its two failures are harmless by design: {@link #borrow} on an empty queue (or racing with a
 * {@link #release} of the same slot) allocates a new buffer, and {@link #release} on a full queue drops the
 * buffer to the garbage collector. So the pool keeps at most {@code capacity} free buffers and lends any
 * number.
 *
 * <p>Costs: at most {@code capacity} free buffers of about 4 KiB each (2 MiB with the server's 512),
 * nothing per idle connection; per borrow or release, one compare-and-set on a shared counter and one
 * {@link LongAdder} update for {@link #lent()}. The head and tail counters are not padded against false
 * sharing: one borrow per batch of requests does not make them hot. Thread-safe.
 */
final class ReadBufferPool {

    /** The size of every pooled buffer: a connection's first read, and most requests whole. */
    static final int BUFFER_BYTES = 4096;

    private final ByteBuffer[] slots;
    private final AtomicLongArray sequences;
    private final int mask;
    private final AtomicLong head = new AtomicLong();
    private final AtomicLong tail = new AtomicLong();
    private final LongAdder lent = new LongAdder();

    /** @param capacity free buffers kept for reuse, a power of two */
    ReadBufferPool(int capacity) {
        if (capacity < 1 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("capacity must be a power of two, got " + capacity);
        }
        slots = new ByteBuffer[capacity];
        sequences = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) {
            sequences.set(i, i);
        }
        mask = capacity - 1;
    }

    /** A cleared buffer of {@value #BUFFER_BYTES} bytes: a free one, or a new one when none is free. */
    ByteBuffer borrow() {
        lent.increment();
        ByteBuffer buffer = poll();
        return buffer != null ? buffer : ByteBuffer.allocate(BUFFER_BYTES);
    }

    /** Takes back a buffer from {@link #borrow}; the caller must not touch it afterwards. */
    void release(ByteBuffer buffer) {
        lent.decrement();
        offer(buffer.clear());
    }

    /** Buffers borrowed and not yet released: what the connections hold right now. */
    long lent() {
        return lent.sum();
    }

    private ByteBuffer poll() {
        long position = head.get();
        while (true) {
            int index = (int) position & mask;
            long difference = sequences.getAcquire(index) - (position + 1);
            if (difference == 0) {
                if (head.compareAndSet(position, position + 1)) {
                    ByteBuffer buffer = slots[index];
                    slots[index] = null;
                    sequences.setRelease(index, position + mask + 1);
                    return buffer;
                }
                position = head.get();
            } else if (difference < 0) {
                return null; // empty, or a release of this slot is not finished yet
            } else {
                position = head.get();
            }
        }
    }

    private void offer(ByteBuffer buffer) {
        long position = tail.get();
        while (true) {
            int index = (int) position & mask;
            long difference = sequences.getAcquire(index) - position;
            if (difference == 0) {
                if (tail.compareAndSet(position, position + 1)) {
                    slots[index] = buffer;
                    sequences.setRelease(index, position + 1);
                    return;
                }
                position = tail.get();
            } else if (difference < 0) {
                return; // full, or a borrow of this slot is not finished yet: the buffer goes to the GC
            } else {
                position = tail.get();
            }
        }
    }
}
