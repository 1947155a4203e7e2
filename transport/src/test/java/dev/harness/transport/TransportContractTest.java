package dev.harness.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every transport guarantees, checked on each: the java.nio socket semantics the servers rely on. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TransportContractTest {

    /** A connected pair over {@code transport}; both ends in blocking mode. */
    record Pair(Listener listener, Channel client, Channel server) implements AutoCloseable {
        static Pair open(Transport transport) throws IOException {
            Listener listener = transport.listen("127.0.0.1", 0, 16);
            Channel client = transport.connect(listener.localAddress());
            Channel server = listener.accept();
            return new Pair(listener, client, server);
        }

        @Override
        public void close() throws IOException {
            client.close();
            server.close();
            listener.close();
        }
    }

    static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    static String readExactly(Channel channel, int bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(bytes);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                break;
            }
        }
        return new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void bytesTravelBothWaysInOrder(String name) throws Exception {
        try (Pair pair = Pair.open(Transport.byName(name))) {
            pair.client().write(ascii("hello "));
            pair.client().write(ascii("world"));
            assertEquals("hello world", readExactly(pair.server(), 11));
            pair.server().write(ascii("back"));
            assertEquals("back", readExactly(pair.client(), 4));
            assertEquals(pair.listener().localAddress().getPort(), pair.client().remoteAddress().getPort());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void closeGivesThePeerEndOfStreamAfterTheRest(String name) throws Exception {
        try (Pair pair = Pair.open(Transport.byName(name))) {
            pair.client().write(ascii("last"));
            pair.client().close();
            assertEquals("last", readExactly(pair.server(), 4));
            assertEquals(-1, pair.server().read(ByteBuffer.allocate(8)));
        }
    }

    @Test
    void resetIsAResetOverTcp() throws Exception {
        try (Pair pair = Pair.open(Transport.tcp())) {
            pair.client().reset();
            assertThrows(SocketException.class, () -> pair.server().read(ByteBuffer.allocate(8)));
        }
    }

    @Test
    void resetIsACloseOverMem() throws Exception {
        try (Pair pair = Pair.open(Transport.mem())) {
            pair.client().write(ascii("last"));
            pair.client().reset();
            assertEquals("last", readExactly(pair.server(), 4));
            assertEquals(-1, pair.server().read(ByteBuffer.allocate(8)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void shutdownOutputIsAHalfClose(String name) throws Exception {
        try (Pair pair = Pair.open(Transport.byName(name))) {
            pair.client().write(ascii("req"));
            pair.client().shutdownOutput();
            assertEquals("req", readExactly(pair.server(), 3));
            assertEquals(-1, pair.server().read(ByteBuffer.allocate(8)));
            pair.server().write(ascii("answer"));
            assertEquals("answer", readExactly(pair.client(), 6));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void shutdownInputEndsABlockedReadOnAPlatformAndAVirtualThread(String name) throws Exception {
        for (Thread.Builder builder : List.of(Thread.ofPlatform(), Thread.ofVirtual())) {
            try (Pair pair = Pair.open(Transport.byName(name))) {
                CompletableFuture<Integer> read = new CompletableFuture<>();
                Thread reader = builder.start(() -> {
                    try {
                        read.complete(pair.server().read(ByteBuffer.allocate(16)));
                    } catch (IOException e) {
                        read.completeExceptionally(e);
                    }
                });
                awaitWaiting(reader);
                pair.server().shutdownInput();
                assertEquals(-1, read.get(10, TimeUnit.SECONDS));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void closeFromAnotherThreadEndsABlockedRead(String name) throws Exception {
        try (Pair pair = Pair.open(Transport.byName(name))) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    pair.server().read(ByteBuffer.allocate(16));
                } catch (IOException e) {
                    failure.set(e);
                }
            });
            awaitWaiting(reader);
            pair.server().close();
            reader.join(10_000);
            assertTrue(failure.get() instanceof AsynchronousCloseException, "got " + failure.get());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void anInterruptClosesTheChannelOfABlockedRead(String name) throws Exception {
        try (Pair pair = Pair.open(Transport.byName(name))) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    pair.server().read(ByteBuffer.allocate(16));
                } catch (IOException e) {
                    failure.set(e);
                }
            });
            awaitWaiting(reader);
            reader.interrupt();
            reader.join(10_000);
            assertTrue(failure.get() instanceof ClosedByInterruptException, "got " + failure.get());
            assertFalse(pair.server().isOpen());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void awaitReadableReturnsOnceAReadWouldNotBlockAndConsumesNothing(String name) throws Exception {
        try (Pair pair = Pair.open(Transport.byName(name))) {
            CompletableFuture<Void> awaited = CompletableFuture.runAsync(() -> {
                try {
                    pair.server().awaitReadable();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            if (name.equals("mem")) {
                Thread.sleep(50);
                assertFalse(awaited.isDone(), "mem waits for bytes");
            }
            pair.client().write(ascii("x"));
            awaited.get(10, TimeUnit.SECONDS);
            assertEquals("x", readExactly(pair.server(), 1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void aPollerReportsAcceptReadAndStaysLevelTriggered(String name) throws Exception {
        Transport transport = Transport.byName(name);
        try (Poller poller = transport.openPoller(); Listener listener = transport.listen("127.0.0.1", 0, 16)) {
            listener.configureBlocking(false);
            assertNull(listener.accept());
            Key acceptKey = listener.register(poller, Key.OP_ACCEPT, "listener");
            assertEquals(acceptKey, listener.keyFor(poller));
            Channel client = transport.connect(listener.localAddress());
            List<Object> seen = new ArrayList<>();
            poller.select(k -> seen.add(k.attachment()), 10_000);
            assertEquals(List.of("listener"), seen);
            Channel server = listener.accept();
            assertNotNull(server);
            server.configureBlocking(false);
            Key key = server.register(poller, Key.OP_READ, "server");

            client.write(ascii("ab"));
            seen.clear();
            while (seen.isEmpty()) {
                poller.select(k -> seen.add(k.attachment() + ":" + k.readyOps()), 10_000);
            }
            assertEquals(List.of("server:" + Key.OP_READ), seen);
            ByteBuffer one = ByteBuffer.allocate(1);
            assertEquals(1, server.read(one));
            seen.clear();
            poller.select(k -> seen.add(k.attachment()), 10_000);
            assertEquals(List.of("server"), seen, "a byte is still unread: still ready");
            assertEquals(1, server.read(ByteBuffer.allocate(8)));
            assertEquals(0, server.read(ByteBuffer.allocate(8)));

            key.interestOps(Key.OP_READ | Key.OP_WRITE);
            seen.clear();
            poller.select(k -> seen.add(k.readyOps()), 10_000);
            assertEquals(List.of(Key.OP_WRITE), seen);
            key.interestOps(Key.OP_READ);

            seen.clear();
            assertEquals(0, poller.selectNow(k -> seen.add(k)));
            key.cancel();
            assertFalse(key.isValid());
            assertNull(server.keyFor(poller));
            client.close();
            server.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void wakeupEndsASelectFromAnotherThread(String name) throws Exception {
        try (Poller poller = Transport.byName(name).openPoller()) {
            Thread waker = Thread.ofPlatform().start(() -> {
                sleep(50);
                poller.wakeup();
            });
            assertEquals(0, poller.select(k -> { }, 0));
            waker.join();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "mem"})
    void connectingToNoListenerIsRefused(String name) throws Exception {
        Transport transport = Transport.byName(name);
        java.net.InetSocketAddress address;
        try (Listener listener = transport.listen("127.0.0.1", 0, 16)) {
            address = listener.localAddress();
        }
        assertThrows(java.net.ConnectException.class, () -> transport.connect(address).close());
    }

    /**
     * Waits until {@code thread} blocks: parked (WAITING) for a virtual thread or a mem read, or, for a
     * platform thread in a socket read (RUNNABLE in native code), after a grace period.
     */
    static void awaitWaiting(Thread thread) throws InterruptedException {
        long start = System.nanoTime();
        while (thread.getState() != Thread.State.WAITING) {
            long waited = System.nanoTime() - start;
            if (thread.getState() == Thread.State.RUNNABLE && waited > TimeUnit.MILLISECONDS.toNanos(200)) {
                return;
            }
            if (waited > TimeUnit.SECONDS.toNanos(10)) {
                throw new AssertionError(thread + " never blocked");
            }
            Thread.sleep(5);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
