package dev.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.transport.Channel;
import dev.harness.transport.Listener;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the generator's side of an idle mem connection costs in heap, so that a million fit in one JVM.
 * A trivial listener in this JVM accepts and holds every connection. First {@value #CONNECTIONS} bare
 * connections (the transport's pair of ends and pipes, plus the listener's hold) give the transport's
 * share; then a {@link LoadRunner} opens 2 and then as many, and in its idle hold the heap after GC grows
 * by the transport's share plus the generator's: its connections, their registrations with the I/O threads'
 * pollers, and the arrays that index them (the run's fixed cost is in both and cancels). The difference,
 * per connection, is the generator's.
 *
 * <p>Heap after a full GC, over 20,000 connections, is a count of bytes that noise moves by a few bytes per
 * connection; the bound (512 bytes) is several times what is measured (printed as
 * {@code GENERATOR idle connection}).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class IdleConnectionCostTest {

    /** 20,000 unless {@code -Didle.connections=N} asks for more (a more precise figure). */
    private static final int CONNECTIONS = Integer.getInteger("idle.connections", 20_000);

    @Test
    void anIdleGeneratorConnectionCostsAFewHundredBytesAtMost() throws Exception {
        Transport mem = Transport.mem();
        try (HoldingListener listener = new HoldingListener(mem.listen("127.0.0.1", 0, 50))) {
            long before = heapAfterGc();
            List<Channel> bare = new ArrayList<>(CONNECTIONS);
            for (int i = 0; i < CONNECTIONS; i++) {
                bare.add(mem.connect(listener.address()));
            }
            listener.awaitHeld(CONNECTIONS);
            double transportBytes = (double) (heapAfterGc() - before) / CONNECTIONS;
            for (Channel channel : bare) {
                channel.close();
            }
            bare.clear();
            listener.release();

            // the run's own fixed cost (recorders, loops, buffers) is what two connections cost; the rest grows
            long few = heldHeap(listener, 2);
            listener.release();
            long many = heldHeap(listener, CONNECTIONS);
            double bothBytes = (double) (many - few) / (CONNECTIONS - 2);
            double generatorBytes = bothBytes - transportBytes;
            System.out.printf("GENERATOR idle connection over mem: %.0f bytes of heap (transport pair and hold %.0f, "
                    + "with the generator %.0f; %d connections, heap after GC)%n", generatorBytes, transportBytes,
                    bothBytes, CONNECTIONS);
            assertTrue(generatorBytes < 512, "generator bytes per idle connection: " + generatorBytes);
        }
    }

    /** The heap after GC while a run holds {@code connections} idle connections to {@code listener}. */
    private static long heldHeap(HoldingListener listener, int connections) throws Exception {
        long[] held = new long[1];
        LoadRunner[] runner = new LoadRunner[1];
        runner[0] = new LoadRunner(LoadConfig.builder(listener.address()).transport(Transport.mem())
                .connections(connections).threads(2).duration(Duration.ofSeconds(1)).build(), ProgressListener.NONE,
                LoadRunner.WindowListener.NONE, connected -> {
                    assertEquals(connections, connected.opened());
                    listener.awaitHeld(connections);
                    held[0] = heapAfterGc();
                    runner[0].stop();
                });
        LoadResult result = runner[0].run();
        assertEquals("interrupted", result.stopReason());
        assertEquals(0, result.counters().sent, "the hold sends nothing");
        return held[0];
    }

    private static long heapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** Accepts every connection on its own thread and holds the server ends until released or closed. */
    private static final class HoldingListener implements AutoCloseable {
        private final Listener listener;
        private final List<Channel> held = new ArrayList<>();
        private final Thread acceptor;

        HoldingListener(Listener listener) {
            this.listener = listener;
            this.acceptor = new Thread(this::acceptAll, "holding-acceptor");
            acceptor.start();
        }

        InetSocketAddress address() {
            return listener.localAddress();
        }

        private void acceptAll() {
            try {
                while (true) {
                    Channel channel = listener.accept();
                    synchronized (held) {
                        held.add(channel);
                        held.notifyAll();
                    }
                }
            } catch (IOException closed) {
                // the listener was closed: done
            }
        }

        void awaitHeld(int count) throws InterruptedException {
            synchronized (held) {
                while (held.size() < count) {
                    held.wait(100);
                }
            }
        }

        void release() throws IOException {
            synchronized (held) {
                for (Channel channel : held) {
                    channel.close();
                }
                held.clear();
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            try {
                acceptor.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release();
        }
    }
}
