package dev.harness.proactor;

import static dev.harness.transport.Closeables.closeQuietly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.protocol.OutBuffer;
import dev.harness.transport.Channel;
import dev.harness.transport.Listener;
import dev.harness.transport.Transport;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Proactor's timers, hand-offs and I/O: completions carry their ACT and run on the loop thread, over
 * each transport.
 */
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

    /**
     * The package's usage sketch, over each transport: an Acceptor on the loop, an echo handler per
     * connection that reads without a buffer of its own; the pooled buffer goes back after every read.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void anEchoHandlerAcceptsReadsAndWritesOverEachTransport(String transportName) throws Exception {
        Transport transport = Transport.byName(transportName);
        Proactor loop = new Proactor("proactor-echo", transport, 1024, 4).start();
        Listener listener = transport.listen("127.0.0.1", 0, 16);
        listener.configureBlocking(false);
        Acceptor acceptor = new Acceptor(loop, listener, new Proactor[] {loop}, (proactor, channel) -> new Handler() {
            final AsynchReadStream reader = AsynchReadStream.open(proactor, channel);
            final AsynchWriteStream writer = AsynchWriteStream.open(proactor, channel);
            final OutBuffer out = new OutBuffer(64);

            @Override
            public void open() {
                reader.read(null, this, channel);
            }

            @Override
            public void handleReadStream(AsynchResult result) {
                assertSame(channel, result.act());
                if (result.bytesTransferred() < 0) {
                    closeQuietly(channel);
                    return;
                }
                out.put(result.buffer().flip());
                proactor.releaseBuffer(result.buffer());
                writer.write(out, this, channel);
            }

            @Override
            public void handleWriteStream(AsynchResult result) {
                reader.read(null, this, channel);
            }
        });
        acceptor.open();
        try (Channel client = transport.connect(listener.localAddress())) {
            for (String text : List.of("one", "two", "three")) {
                client.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer echo = ByteBuffer.allocate(text.length());
                while (echo.hasRemaining()) {
                    assertTrue(client.read(echo) > 0);
                }
                assertEquals(text, new String(echo.array(), StandardCharsets.US_ASCII));
            }
            assertEquals(0, (int) loop.query(loop::buffersLent).get(), "a connection waiting for bytes holds no buffer");
        } finally {
            acceptor.close();
            loop.stop();
            assertTrue(loop.awaitTermination(5, TimeUnit.SECONDS));
        }
    }

    /**
     * Every read of a select round holds its borrowed buffer until the round's completions are dispatched,
     * and a mem poller's round has no bound (epoll's has 1,024 events): a round lends at most the pool's
     * size, and the channels found ready beyond it stay ready and are read in the next rounds.
     */
    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void aSelectRoundLendsNoMoreBuffersThanThePoolKeeps(String transportName) throws Exception {
        Transport transport = Transport.byName(transportName);
        int pool = 2;
        int clients = 10;
        Proactor loop = new Proactor("proactor-round", transport, 64, pool).start();
        Listener listener = transport.listen("127.0.0.1", 0, 16);
        listener.configureBlocking(false);
        CountDownLatch opened = new CountDownLatch(clients);
        CountDownLatch read = new CountDownLatch(clients);
        AtomicInteger mostLent = new AtomicInteger();
        Acceptor acceptor = new Acceptor(loop, listener, new Proactor[] {loop}, (proactor, channel) -> new Handler() {
            final AsynchReadStream reader = AsynchReadStream.open(proactor, channel);

            @Override
            public void open() {
                reader.read(null, this, null);
                opened.countDown();
            }

            @Override
            public void handleReadStream(AsynchResult result) {
                mostLent.accumulateAndGet(proactor.buffersLent(), Math::max);
                proactor.releaseBuffer(result.buffer());
                read.countDown();
            }
        });
        acceptor.open();
        List<Channel> connections = new java.util.ArrayList<>();
        CountDownLatch loopHeld = new CountDownLatch(1);
        CountDownLatch written = new CountDownLatch(1);
        try {
            for (int i = 0; i < clients; i++) {
                connections.add(transport.connect(listener.localAddress()));
            }
            assertTrue(opened.await(5, TimeUnit.SECONDS));
            loop.execute(() -> { // hold the loop while every client writes: one round then finds them all ready
                loopHeld.countDown();
                try {
                    written.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(loopHeld.await(5, TimeUnit.SECONDS));
            for (Channel connection : connections) {
                connection.write(ByteBuffer.wrap(new byte[] {1}));
            }
            Thread.sleep(20); // loopback tcp: let the bytes reach the server's sockets
            written.countDown();
            assertTrue(read.await(5, TimeUnit.SECONDS), "every connection is read, over several rounds");
            assertTrue(mostLent.get() <= pool, "buffers lent at once: " + mostLent.get() + ", the pool keeps " + pool);
        } finally {
            for (Channel connection : connections) {
                connection.close();
            }
            acceptor.close();
            loop.stop();
            assertTrue(loop.awaitTermination(5, TimeUnit.SECONDS));
        }
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
