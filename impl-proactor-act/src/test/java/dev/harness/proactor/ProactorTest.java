package dev.harness.proactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.transport.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Proactor's timers and hand-offs: completions carry their ACT and run on the loop thread. */
@Timeout(10)
class ProactorTest {

    private Proactor proactor;

    @BeforeEach
    void start() throws Exception {
        proactor = new Proactor("proactor-test", Transport.tcp(), 1024, 4).start();
    }

    @AfterEach
    void stop() throws Exception {
        proactor.stop();
        assertTrue(proactor.awaitTermination(5, TimeUnit.SECONDS));
    }

    @Test
    void timersCompleteInDeadlineOrderWithTheirActsOnTheLoopThread() throws Exception {
        List<Object> acts = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(3);
        Handler handler = new Handler() {
            @Override
            public void handleTimeout(AsynchResult result) {
                acts.add(result.act());
                threads.add(Thread.currentThread().getName());
                done.countDown();
            }
        };
        proactor.execute(() -> {
            proactor.scheduleTimer(TimeUnit.MILLISECONDS.toNanos(30), handler, "late");
            proactor.scheduleTimer(TimeUnit.MILLISECONDS.toNanos(1), handler, "early");
            proactor.scheduleTimer(TimeUnit.MILLISECONDS.toNanos(10), handler, "middle");
            proactor.scheduleTimer(TimeUnit.MILLISECONDS.toNanos(5), handler, "cancelled").cancel();
        });
        assertTrue(done.await(5, TimeUnit.SECONDS));
        Thread.sleep(20); // a cancelled timer that fired anyway would show up now
        assertEquals(List.of("early", "middle", "late"), acts);
        assertEquals(List.of("proactor-test", "proactor-test", "proactor-test"), threads);
        assertEquals(0, (int) proactor.query(proactor::pendingTimers).get());
    }

    @Test
    void pooledBuffersAreLentAndReturned() throws Exception {
        int lent = proactor.query(() -> {
            var a = proactor.borrowBuffer();
            var b = proactor.borrowBuffer();
            int both = proactor.buffersLent();
            proactor.releaseBuffer(a);
            proactor.releaseBuffer(b);
            proactor.releaseBuffer(java.nio.ByteBuffer.allocate(1024)); // not pooled: ignored
            return both * 10 + proactor.buffersLent();
        }).get();
        assertEquals(20, lent);
    }
}
