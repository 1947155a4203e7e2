package dev.harness.transport;

import static dev.harness.transport.TransportContractTest.ascii;
import static dev.harness.transport.TransportContractTest.readExactly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.transport.TransportContractTest.Pair;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The mem transport's link delay: a connect completes a round trip after it was initiated, bytes arrive one
 * delay after they were written. Only lower bounds are asserted (a delay is never shorter than set); how much
 * later a busy machine wakes the other side is not a property of the transport.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class MemLinkDelayTest {

    private static final Duration DELAY = Duration.ofMillis(30);
    private final Transport mem = Transport.mem();

    @AfterEach
    void noDelay() {
        MemTransport.setLinkDelay(Duration.ZERO);
    }

    @Test
    void aNonBlockingConnectCompletesARoundTripLaterAndIsReportedByThePoller() throws Exception {
        MemTransport.setLinkDelay(DELAY);
        try (Listener listener = mem.listen("127.0.0.1", 0, 16); Poller poller = mem.openPoller()) {
            Channel client = mem.open();
            client.configureBlocking(false);
            long start = System.nanoTime();
            assertFalse(client.connect(listener.localAddress()), "a connect over a delayed link is pending");
            assertFalse(client.finishConnect());
            assertThrows(java.nio.channels.NotYetConnectedException.class, () -> client.write(ascii("x")));
            client.register(poller, Key.OP_CONNECT, null);
            List<Key> ready = new ArrayList<>();
            while (ready.isEmpty()) {
                poller.select(ready::add, 1_000);
            }
            assertTrue(client.finishConnect());
            assertTrue(System.nanoTime() - start >= 2 * DELAY.toNanos(), "a connect costs a round trip");
            try (Channel server = listener.accept()) {
                assertTrue(server.isOpen());
            }
            client.close();
        }
    }

    @Test
    void bytesArriveOneDelayAfterTheyWereWritten() throws Exception {
        MemTransport.setLinkDelay(DELAY);
        try (Pair pair = Pair.open(mem)) {
            pair.server().configureBlocking(false);
            long written = System.nanoTime();
            pair.client().write(ascii("ping"));
            ByteBuffer early = ByteBuffer.allocate(16);
            int readAtOnce = pair.server().read(early);
            long readAt = System.nanoTime();
            assertTrue(readAtOnce == 0 || readAt - written >= DELAY.toNanos(), "nothing arrives before the delay");
            pair.server().configureBlocking(true);
            pair.client().write(ascii("pong"));
            long second = System.nanoTime();
            assertEquals(readAtOnce == 0 ? "pingpong" : "pong", readAtOnce == 0 ? readExactly(pair.server(), 8)
                    : readExactly(pair.server(), 4));
            assertTrue(System.nanoTime() - second >= DELAY.toNanos(), "a blocking read waits out the delay");
        }
    }

    @Test
    void theEndOfStreamComesAfterTheBytesInFlight() throws Exception {
        MemTransport.setLinkDelay(DELAY);
        try (Pair pair = Pair.open(mem)) {
            pair.client().write(ascii("last"));
            pair.client().shutdownOutput();
            assertEquals("last", readExactly(pair.server(), 4));
            assertEquals(-1, pair.server().read(ByteBuffer.allocate(4)));
        }
    }

    @Test
    void aDelayedConnectToAListenerClosedMeanwhileFails() throws Exception {
        MemTransport.setLinkDelay(DELAY);
        Listener listener = mem.listen("127.0.0.1", 0, 16);
        try (Channel client = mem.open(); Poller poller = mem.openPoller()) {
            client.configureBlocking(false);
            assertFalse(client.connect(listener.localAddress()));
            listener.close();
            client.register(poller, Key.OP_CONNECT, null);
            List<Key> ready = new ArrayList<>();
            while (ready.isEmpty()) {
                poller.select(ready::add, 1_000);
            }
            assertThrows(ConnectException.class, client::finishConnect);
        }
    }

    @Test
    void withoutADelayAConnectCompletesAtOnce() throws Exception {
        try (Listener listener = mem.listen("127.0.0.1", 0, 16); Channel client = mem.open()) {
            client.configureBlocking(false);
            assertTrue(client.connect(listener.localAddress()));
        }
    }
}
