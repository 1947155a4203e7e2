package dev.harness.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ThreadTable}: a window's context switches thread by thread, whatever threads start and end in it. */
class ThreadTableTest {

    @Test
    void aThreadThatEndsInsideTheWindowSubtractsNothing() {
        ThreadTable start = new ThreadTable();
        start.put(1, 10, 2);
        start.put(2, 1_000, 50);   // ends inside the window
        ThreadTable end = new ThreadTable();
        end.put(1, 15, 3);
        end.put(3, 7, 1);          // starts inside the window
        ThreadTable.Window window = end.since(start);
        assertEquals(5 + 7, window.voluntary());
        assertEquals(1 + 1, window.involuntary());
        assertEquals(1, window.threadsStarted());
        assertEquals(1, window.threadsEnded());
    }

    @Test
    @Timeout(10)
    void aRealThreadThatExitsInsideAWindowLeavesTheCountNonNegative() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                try {
                    Thread.sleep(1);   // each sleep is a voluntary context switch, counted before the window
                } catch (InterruptedException e) {
                    return;
                }
            }
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "exits-in-window");
        worker.start();
        while (worker.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
        long pid = ProcessHandle.current().pid();
        ProcessSample before = ProcProbe.sample(pid);
        release.countDown();
        worker.join(TimeUnit.SECONDS.toMillis(5));
        // join returns when the Java thread has terminated; the kernel may list its task in /proc a moment longer
        ProcessSample.Window window = ProcProbe.sample(pid).minus(before);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (window.ctxSwitches().threadsEnded() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
            window = ProcProbe.sample(pid).minus(before);
        }
        assertTrue(window.ctxSwitches().threadsEnded() >= 1, "the worker ended inside the window");
        assertTrue(window.ctxSwitches().voluntary() >= 0 && window.ctxSwitches().involuntary() >= 0,
                "a thread that ended inside the window must not subtract its lifetime's switches: " + window);
    }
}
