package dev.harness.transport;

import static dev.harness.transport.TransportContractTest.ascii;
import static dev.harness.transport.TransportContractTest.awaitWaiting;
import static dev.harness.transport.TransportContractTest.readExactly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.transport.TransportContractTest.Pair;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.BindException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What only the mem transport promises: bounded pipes, no buffer while idle, and parking that scales. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MemTransportTest {

    private final Transport mem = Transport.mem();

    @Test
    void aNonBlockingWriteTakesAtMostThePipeCapacity() throws Exception {
        try (Pair pair = Pair.open(mem)) {
            pair.client().configureBlocking(false);
            ByteBuffer big = ByteBuffer.allocate(3 * MemPipe.CAPACITY_BYTES);
            assertEquals(MemPipe.CAPACITY_BYTES, pair.client().write(big));
            assertEquals(0, pair.client().write(big));
            ByteBuffer sink = ByteBuffer.allocate(1000);
            assertEquals(1000, pair.server().read(sink));
            assertEquals(1000, pair.client().write(big));
        }
    }

    @Test
    void aBlockingWriterWaitsForTheReaderToMakeRoom() throws Exception {
        try (Pair pair = Pair.open(mem)) {
            int total = 4 * MemPipe.CAPACITY_BYTES + 7;
            CompletableFuture<Integer> written = new CompletableFuture<>();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    written.complete(pair.client().write(ByteBuffer.allocate(total)));
                } catch (IOException e) {
                    written.completeExceptionally(e);
                }
            });
            awaitWaiting(writer);
            assertTrue(!written.isDone(), "the pipe holds at most " + MemPipe.CAPACITY_BYTES + " bytes");
            ByteBuffer sink = ByteBuffer.allocate(64 * 1024);
            int read = 0;
            while (read < total) {
                sink.clear();
                read += pair.server().read(sink);
            }
            assertEquals(total, written.get(10, TimeUnit.SECONDS));
            assertEquals(total, read);
        }
    }

    @Test
    void writingToAClosedPeerFailsAndReadingAfterShutdownInputEnds() throws Exception {
        try (Pair pair = Pair.open(mem)) {
            pair.server().close();
            IOException e = assertThrows(IOException.class, () -> pair.client().write(ascii("x")));
            assertTrue(e.getMessage().contains("Broken pipe"), e.getMessage());
        }
        try (Pair pair = Pair.open(mem)) {
            pair.client().write(ascii("dropped"));
            pair.server().shutdownInput();
            assertEquals(-1, pair.server().read(ByteBuffer.allocate(8)));
        }
    }

    @Test
    void anIdlePipeHoldsNoBuffer() throws Exception {
        try (Pair pair = Pair.open(mem)) {
            MemChannel client = (MemChannel) pair.client();
            assertEquals(0, client.bufferedBytes());
            pair.client().write(ascii("hello"));
            assertEquals(512, client.bufferedBytes());
            assertEquals("hello", readExactly(pair.server(), 5));
            assertEquals(0, client.bufferedBytes());
        }
    }

    /**
     * An idle connection without a link delay is both ends and two pipes, 176 bytes of heap (2 x 40 + 2 x 48,
     * with compressed references): a pipe keeps a delayed link's state apart, so that ten million connections
     * do not carry it (64 bytes a pipe with it, 208 a connection). Heap after a full GC over 50,000 connections
     * moves by a few bytes per connection; the bound sits between the two.
     */
    @Test
    void anIdleConnectionIsItsTwoEndsAndTwoPipes() throws Exception {
        int connections = 50_000;
        Channel[] clients = new Channel[connections];
        Channel[] servers = new Channel[connections];
        try (Listener listener = mem.listen("127.0.0.1", 0, connections)) {
            long before = heapAfterGc();
            for (int i = 0; i < connections; i++) {
                clients[i] = mem.connect(listener.localAddress());
                servers[i] = listener.accept();
            }
            double perConnection = (double) (heapAfterGc() - before) / connections;
            System.out.printf("MEM idle connection: %.1f bytes of heap (%d connections, heap after GC)%n", perConnection,
                    connections);
            assertTrue(perConnection > 100 && perConnection < 196, "bytes per idle connection: " + perConnection);
            for (int i = 0; i < connections; i++) {
                clients[i].close();
                servers[i].close();
            }
        }
    }

    private static long heapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void aBlockingAcceptWaitsForAConnectAndCloseRefusesTheNext() throws Exception {
        Listener listener = mem.listen("127.0.0.1", 0, 16);
        CompletableFuture<Channel> accepted = new CompletableFuture<>();
        Thread acceptor = Thread.ofPlatform().start(() -> {
            try {
                accepted.complete(listener.accept());
            } catch (IOException e) {
                accepted.completeExceptionally(e);
            }
        });
        awaitWaiting(acceptor);
        try (Channel client = mem.connect(listener.localAddress());
             Channel server = accepted.get(10, TimeUnit.SECONDS)) {
            client.write(ascii("hi"));
            assertEquals("hi", readExactly(server, 2));
        }
        int port = listener.localAddress().getPort();
        assertThrows(BindException.class, () -> mem.listen("127.0.0.1", port, 16));
        listener.close();
        assertThrows(ConnectException.class, () -> mem.connect(listener.localAddress()));
        mem.listen("127.0.0.1", port, 16).close();
    }

    @Test
    void aConnectionNeverAcceptedSeesEndOfStreamWhenTheListenerCloses() throws Exception {
        Listener listener = mem.listen("127.0.0.1", 0, 16);
        try (Channel client = mem.connect(listener.localAddress())) {
            listener.close();
            assertEquals(-1, client.read(ByteBuffer.allocate(4)));
        }
    }

    @Test
    void tenThousandVirtualThreadsBlockedInReadsHoldNoCarriers() throws Exception {
        int count = 10_000;
        Listener listener = mem.listen("127.0.0.1", 0, 16);
        List<Channel> clients = new ArrayList<>(count);
        CountDownLatch answered = new CountDownLatch(count);
        List<Thread> readers = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                clients.add(mem.connect(listener.localAddress()));
                Channel server = listener.accept();
                readers.add(Thread.ofVirtual().start(() -> {
                    try {
                        server.awaitReadable();
                        ByteBuffer in = ByteBuffer.allocate(1);
                        server.read(in);
                        server.write(in.flip());
                        answered.countDown();
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                }));
            }
            for (Thread reader : readers) {
                awaitWaiting(reader);
            }
            long carriers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("ForkJoinPool")).count();
            assertTrue(carriers <= Runtime.getRuntime().availableProcessors() + 2,
                    count + " blocked virtual threads need only the carriers the scheduler has: " + carriers);
            for (Channel client : clients) {
                client.write(ascii("!"));
            }
            assertTrue(answered.await(20, TimeUnit.SECONDS));
            for (Channel client : clients) {
                assertEquals("!", readExactly(client, 1));
            }
        } finally {
            for (Channel client : clients) {
                client.close();
            }
            listener.close();
        }
    }
}
