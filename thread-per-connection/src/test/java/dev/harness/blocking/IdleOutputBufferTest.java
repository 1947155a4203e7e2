package dev.harness.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames;
import dev.harness.protocol.OutBuffer;
import dev.harness.server.ServerConfig;
import dev.harness.transport.Channel;
import dev.harness.transport.Transport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An idle connection holds no {@link OutBuffer} object: none while it has sent nothing, and none once its
 * answers are written. Counted in a class histogram of this JVM (live objects, after a full GC) with 2,000
 * connections held: one object each would be 32 bytes per idle connection, 320 MB at ten million.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class IdleOutputBufferTest {

    private static final int CONNECTIONS = 2_000;

    @Test
    void idleConnectionsHoldNoOutputBufferBeforeOrAfterTheirAnswers() throws Exception {
        Transport mem = Transport.mem();
        BlockingServer server = BlockingServer.start(ServerConfig.loopback().withTransport(mem)
                .withMaxConnections(CONNECTIONS + 10).withIdleTimeout(Duration.ZERO), Thread.ofVirtual().factory());
        List<Channel> clients = new ArrayList<>(CONNECTIONS);
        try {
            long before = liveOutBuffers();
            for (int i = 0; i < CONNECTIONS; i++) {
                clients.add(mem.connect(server.address()));
            }
            awaitOpen(server, CONNECTIONS);
            assertTrue(liveOutBuffers() - before < 10, "connections that have sent nothing: "
                    + (liveOutBuffers() - before) + " OutBuffers for " + CONNECTIONS);
            for (int i = 0; i < CONNECTIONS; i++) {
                ActFrames.sendEcho(clients.get(i), i, "hello");
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                assertEquals("hello", ActFrames.read(clients.get(i)).text());
            }
            awaitOutBuffersBelow(before + 10);
            for (int i = 0; i < CONNECTIONS; i++) {
                ActFrames.sendEcho(clients.get(i), i, "again");
                assertEquals("again", ActFrames.read(clients.get(i)).text(), "a connection answers after it idled");
            }
        } finally {
            for (Channel client : clients) {
                client.close();
            }
            assertTrue(server.shutdown(Duration.ofSeconds(10)));
        }
    }

    /** Answers read by the client may be written a moment before the connection's thread goes idle. */
    private static void awaitOutBuffersBelow(long bound) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        long live = liveOutBuffers();
        while (live >= bound && System.nanoTime() < deadline) {
            Thread.sleep(50);
            live = liveOutBuffers();
        }
        assertTrue(live < bound, "connections idle after their answers: " + live + " OutBuffers live");
    }

    private static void awaitOpen(BlockingServer server, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.openConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, server.openConnections());
    }

    /** Live {@link OutBuffer} instances: their line of a class histogram, which collects garbage first. */
    private static long liveOutBuffers() throws JMException {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {null}, new String[] {String[].class.getName()});
        for (String line : histogram.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[3].equals(OutBuffer.class.getName())) {
                return Long.parseLong(columns[1]);
            }
        }
        return 0;
    }
}
