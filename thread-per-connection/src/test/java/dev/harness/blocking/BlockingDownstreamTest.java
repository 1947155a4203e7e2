package dev.harness.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames;
import dev.harness.server.ServerConfig;
import dev.harness.transport.Channel;
import dev.harness.transport.Listener;
import dev.harness.transport.Transport;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RELAY from a thread server over each transport: a downstream that never answers is timed out by the
 * timeouts thread (a channel has no read timeout of its own), its channel is closed so a late answer cannot be
 * taken for the next call's, and the next call works on a fresh channel.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class BlockingDownstreamTest {

    /**
     * Long enough that the test, answering the second call by hand, never loses the race with it on a busy
     * machine; the first call shows the timeout is kept by waiting at least this long for its error.
     */
    private static final Duration DOWNSTREAM_TIMEOUT = Duration.ofSeconds(2);

    private static BlockingServer start(Transport transport, InetSocketAddress downstream) throws Exception {
        return BlockingServer.start(ServerConfig.loopback().withTransport(transport).withDownstream(downstream)
                        .withDownstreamTimeout(DOWNSTREAM_TIMEOUT),
                Thread.ofVirtual().name("vconn-", 0).factory());
    }

    @ParameterizedTest
    @ValueSource(strings = {"mem", "tcp"})
    void anUnansweredRelayTimesOutAndTheNextCallUsesAFreshChannel(String transportName) throws Exception {
        Transport transport = Transport.byName(transportName);
        try (Listener silent = transport.listen("127.0.0.1", 0, 16)) {
            BlockingServer server = start(transport, silent.localAddress());
            try (Channel client = transport.connect(server.address())) {
                long sent = System.nanoTime();
                ActFrames.send(client, 41, ActFrames.RELAY, new byte[] {ActFrames.ECHO, 'x'});
                try (Channel peer = silent.accept()) {
                    ActFrames.read(peer); // the call, under the server's own act; never answered
                    ActFrames.Frame timeout = ActFrames.read(client);
                    long waited = System.nanoTime() - sent;
                    assertEquals(41, timeout.act());
                    assertEquals(ActFrames.STATUS_ERROR, timeout.status());
                    assertTrue(timeout.text().contains("did not answer within " + DOWNSTREAM_TIMEOUT.toMillis() + " ms"),
                            timeout.text());
                    assertTrue(waited >= DOWNSTREAM_TIMEOUT.toNanos(), "the error came after " + waited / 1_000_000
                            + " ms, before the " + DOWNSTREAM_TIMEOUT.toMillis() + " ms timeout");
                    assertEquals(-1, peer.read(ByteBuffer.allocate(16)), "the timed-out channel is closed");
                }
                ActFrames.send(client, 42, ActFrames.RELAY, new byte[] {ActFrames.ECHO, 'z'});
                try (Channel peer = silent.accept()) {
                    ActFrames.Frame call = ActFrames.read(peer);
                    ActFrames.send(peer, call.act(), ActFrames.ECHO, new byte[] {'z'});
                    ActFrames.Frame answer = ActFrames.read(client);
                    assertEquals(42, answer.act());
                    assertEquals("z", answer.text());
                }
            } finally {
                assertTrue(server.shutdown(Duration.ofSeconds(10)));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mem", "tcp"})
    void anUnreachableDownstreamAnswersBadGatewayAndKeepsTheConnection(String transportName) throws Exception {
        Transport transport = Transport.byName(transportName);
        InetSocketAddress nobody;
        try (Listener closed = transport.listen("127.0.0.1", 0, 1)) {
            nobody = closed.localAddress();
        }
        BlockingServer server = start(transport, nobody);
        try (Channel client = transport.connect(server.address())) {
            ActFrames.send(client, 5, ActFrames.RELAY, new byte[] {ActFrames.ECHO, 'x'});
            ActFrames.Frame error = ActFrames.read(client);
            assertEquals(5, error.act());
            assertEquals(ActFrames.STATUS_ERROR, error.status());
            assertTrue(error.text().contains("over " + transportName + " failed"), error.text());
            ActFrames.sendEcho(client, 6, "alive");
            assertEquals("alive", ActFrames.read(client).text());
        } finally {
            assertTrue(server.shutdown(Duration.ofSeconds(10)));
        }
    }
}
