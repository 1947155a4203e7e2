package dev.harness.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The read-buffer pool: it counts what it lends, reuses what comes back, keeps at most its capacity. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReadBufferPoolTest {

    @Test
    void aReleasedBufferIsLentAgainClearedAndTheCountFollows() {
        ReadBufferPool pool = new ReadBufferPool(4);
        ByteBuffer first = pool.borrow();
        assertEquals(ReadBufferPool.BUFFER_BYTES, first.capacity());
        assertEquals(1, pool.lent());
        first.put((byte) 7);
        pool.release(first);
        assertEquals(0, pool.lent());
        ByteBuffer again = pool.borrow();
        assertSame(first, again, "the free buffer is reused, not a new one allocated");
        assertEquals(0, again.position(), "cleared");
        assertEquals(ReadBufferPool.BUFFER_BYTES, again.remaining());
        pool.release(again);
    }

    @Test
    void itLendsAnyNumberButKeepsAtMostItsCapacity() {
        ReadBufferPool pool = new ReadBufferPool(2);
        List<ByteBuffer> lent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lent.add(pool.borrow());
        }
        assertEquals(5, pool.lent());
        lent.forEach(pool::release);
        assertEquals(0, pool.lent());
        ByteBuffer a = pool.borrow();
        ByteBuffer b = pool.borrow();
        ByteBuffer c = pool.borrow();
        assertSame(lent.get(0), a);
        assertSame(lent.get(1), b);
        for (ByteBuffer kept : lent) {
            assertNotSame(kept, c, "two free buffers were kept; the third one back went to the GC");
        }
    }

    @Test
    void aCapacityThatIsNotAPowerOfTwoIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReadBufferPool(3));
        assertThrows(IllegalArgumentException.class, () -> new ReadBufferPool(0));
    }

    /** Many threads borrowing and releasing at once: no buffer is ever lent to two of them. */
    @Test
    void aBufferIsNeverLentTwiceAtOnce() throws Exception {
        ReadBufferPool pool = new ReadBufferPool(8);
        int threads = 8;
        int rounds = 20_000;
        AtomicInteger clashes = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t + 1;
            workers.add(Thread.ofPlatform().name("pool-test-" + t).start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int r = 0; r < rounds; r++) {
                    ByteBuffer buffer = pool.borrow();
                    buffer.putInt(0, id);
                    Thread.onSpinWait();
                    if (buffer.getInt(0) != id) {
                        clashes.incrementAndGet();
                    }
                    pool.release(buffer);
                }
            }));
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertEquals(0, clashes.get());
        assertEquals(0, pool.lent());
    }
}
