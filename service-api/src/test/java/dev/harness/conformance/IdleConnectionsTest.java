package dev.harness.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactory;
import dev.harness.transport.Channel;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.management.JMException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What an idle connection of a thread-per-connection model costs: the count that issue 7's million idle
 * connections rest on (no pooled read buffer lent while connections wait over {@code mem}), and the heap
 * per idle connection, printed as an {@code IDLE} line. Each model runs it from a thin subclass that names
 * its {@link ServerFactory} and how many connections it holds comfortably in a test JVM.
 *
 * <p>The heap figure is the live heap after a full GC (a class histogram, so garbage and the collector's
 * slack do not count) with the connections open minus that before, divided by the connections. It
 * includes both ends of each connection, since client and server share this JVM, and the model's thread
 * (a virtual thread's parked stack is on the heap; a platform thread's stack is native memory and is not
 * in it). A warm-up round first lets the JIT compile the connection loop, as a long run would: interpreted
 * frames make a parked virtual thread's stack about twice as large.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class IdleConnectionsTest {

    /** The model under test. */
    protected abstract ServerFactory factory();

    /** Idle connections to open: as many as the model holds comfortably in a test JVM. */
    protected abstract int connections();

    /** The heap per idle connection over {@code mem} this test asserts at most; 0 only prints it. */
    protected long maxHeapBytesPerIdleConnectionOverMem() {
        return 0;
    }

    private Server start(Transport transport, int connections) throws IOException {
        return factory().start(ServerConfig.loopback().withTransport(transport)
                .withMaxConnections(connections + 10).withIdleTimeout(Duration.ZERO));
    }

    @Test
    void idleConnectionsOverMemHoldNoReadBufferAndAreAllServedAfter() throws Exception {
        int n = connections();
        Server server = start(Transport.mem(), n);
        try {
            List<Channel> clients = open(Transport.mem(), server, n);
            assertEquals(0, server.readBuffersLent(), "connections that have sent nothing hold no read buffer");
            echoOnEach(clients, "first");
            // each connection released its buffer before writing the answer its client has now read
            assertEquals(0, server.readBuffersLent(), "idle connections that were served hold no read buffer");
            assertEquals(n, server.openConnections());
            echoOnEach(clients, "again");
            assertEquals(0, server.readBuffersLent());
            closeAll(server, clients);
        } finally {
            assertTrue(server.shutdown(Duration.ofSeconds(10)));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mem", "tcp"})
    void heapPerIdleConnection(String transportName) throws Exception {
        Transport transport = Transport.byName(transportName);
        // tcp takes two file descriptors per connection in this one JVM
        int n = transportName.equals("tcp") ? Math.min(connections(), 1000) : connections();
        Server server = start(transport, n);
        try {
            for (int round = 0; round < 5; round++) {
                List<Channel> warmUp = open(transport, server, Math.min(n, 1000));
                for (int i = 0; i < 5; i++) {
                    echoOnEach(warmUp, "warm-up");
                }
                closeAll(server, warmUp);
            }
            long before = liveHeapBytes();
            List<Channel> clients = open(transport, server, n);
            echoOnEach(clients, "first");
            long bytesPerConnection = (liveHeapBytes() - before) / n;
            long lent = server.readBuffersLent();
            System.out.printf("IDLE server=%s transport=%s connections=%d heap_bytes_per_connection=%d read_buffers_lent=%d"
                            + " (live heap after GC, both ends in one JVM)%n",
                    factory().name(), transportName, n, bytesPerConnection, lent);
            echoOnEach(clients, "again");
            closeAll(server, clients);
            if (transportName.equals("mem") && maxHeapBytesPerIdleConnectionOverMem() > 0) {
                assertTrue(bytesPerConnection < maxHeapBytesPerIdleConnectionOverMem(), bytesPerConnection
                        + " bytes per idle connection, over the bound of " + maxHeapBytesPerIdleConnectionOverMem());
            }
        } finally {
            assertTrue(server.shutdown(Duration.ofSeconds(10)));
        }
    }

    private static List<Channel> open(Transport transport, Server server, int n) throws IOException, InterruptedException {
        List<Channel> clients = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            clients.add(transport.connect(server.address()));
        }
        awaitOpenConnections(server, n);
        return clients;
    }

    /** Sends one ECHO on every connection, then reads every answer. */
    private static void echoOnEach(List<Channel> clients, String text) throws IOException {
        for (int i = 0; i < clients.size(); i++) {
            ActFrames.sendEcho(clients.get(i), i, text);
        }
        for (int i = 0; i < clients.size(); i++) {
            ActFrames.Frame answer = ActFrames.read(clients.get(i));
            assertEquals(i, answer.act());
            assertEquals(text, answer.text());
        }
    }

    private static void closeAll(Server server, List<Channel> clients) throws IOException, InterruptedException {
        for (Channel client : clients) {
            client.close();
        }
        clients.clear();
        awaitOpenConnections(server, 0);
    }

    private static void awaitOpenConnections(Server server, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.openConnections() != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(expected, server.openConnections());
    }

    /** Live heap bytes: the total of a class histogram, which collects garbage first. */
    private static long liveHeapBytes() throws JMException {
        String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {null}, new String[] {String[].class.getName()});
        String[] lines = histogram.strip().split("\n");
        String[] total = lines[lines.length - 1].trim().split("\\s+");
        if (!total[0].equals("Total")) {
            throw new IllegalStateException("no Total line in the class histogram: " + lines[lines.length - 1]);
        }
        return Long.parseLong(total[2]);
    }
}
