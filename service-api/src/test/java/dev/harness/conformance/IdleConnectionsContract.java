package dev.harness.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.harness.conformance.ServerContractTest.IdleBudget;
import dev.harness.server.Server;
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

/**
 * What an idle connection costs, through the {@link Server} interface alone: over {@code mem} no pooled read
 * buffer is lent while connections wait, whatever the model (the count a million idle connections rest on),
 * and the heap per idle connection over the kit's transport, printed as an {@code IDLE} line and, when the
 * kit's {@link IdleBudget} names a bound, held below it.
 *
 * <p>The heap figure is the live heap after a full GC (a class histogram, so garbage and the collector's
 * slack do not count) with the connections open minus that before, divided by the connections. It
 * includes both ends of each connection, since client and server share this JVM, and the model's thread
 * (a virtual thread's parked stack is on the heap; a platform thread's stack is native memory and is not
 * in it). Warm-up rounds first let the JIT compile the connection loop, as a long run would: interpreted
 * frames make a parked virtual thread's stack about twice as large.
 *
 * <p>Each test starts a server of its own with no idle timeout and room for the budget's connections
 * ({@code -Dconformance.idle.connections=N} overrides the count); over tcp at most 1,000, since each
 * connection takes two file descriptors of this one JVM.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class IdleConnectionsContract extends ContractTopic {

    /** More connections than this over tcp would take the test JVM's descriptors: two per connection. */
    private static final int MAX_TCP_CONNECTIONS = 1_000;

    private final IdleBudget budget;

    IdleConnectionsContract(ServerContractTest kit) {
        super(kit);
        this.budget = kit.idleBudget;
    }

    /** The connections to hold idle over the kit's transport. */
    private int connections() {
        int wanted = Integer.getInteger("conformance.idle.connections", budget.connections());
        return RawConnection.inMemory(transport) ? wanted : Math.min(wanted, MAX_TCP_CONNECTIONS);
    }

    private Server startIdle(int connections) throws IOException {
        return start(config().withMaxConnections(connections + 10).withIdleTimeout(Duration.ZERO));
    }

    /**
     * Over tcp a thread-per-connection server holds a read buffer per idle connection (its blocking read
     * needs it while it waits: {@link Server#readBuffersLent()}), so this promise is checked over mem only.
     */
    @Test
    void idleConnectionsOverMemHoldNoReadBufferAndAreAllServedAfter() throws Exception {
        assumeTrue(RawConnection.inMemory(transport), "a promise of the mem transport; the kit runs over " + transport.name());
        int n = connections();
        Server idle = startIdle(n);
        try {
            List<Channel> clients = open(transport, idle, n);
            assertEquals(0, idle.readBuffersLent(), "connections that have sent nothing hold no read buffer");
            echoOnEach(clients, "first");
            // each connection released its buffer before writing the answer its client has now read
            assertEquals(0, idle.readBuffersLent(), "idle connections that were served hold no read buffer");
            assertEquals(n, idle.openConnections());
            echoOnEach(clients, "again");
            assertEquals(0, idle.readBuffersLent());
            closeAll(idle, clients);
        } finally {
            assertTrue(idle.shutdown(Duration.ofSeconds(10)));
        }
    }

    @Test
    void heapPerIdleConnection() throws Exception {
        int n = connections();
        Server idle = startIdle(n);
        try {
            for (int round = 0; round < 5; round++) {
                List<Channel> warmUp = open(transport, idle, Math.min(n, 1000));
                for (int i = 0; i < 5; i++) {
                    echoOnEach(warmUp, "warm-up");
                }
                closeAll(idle, warmUp);
            }
            long before = liveHeapBytes();
            List<Channel> clients = open(transport, idle, n);
            echoOnEach(clients, "first");
            long bytesPerConnection = (liveHeapBytes() - before) / n;
            long lent = idle.readBuffersLent();
            System.out.printf("IDLE server=%s transport=%s connections=%d heap_bytes_per_connection=%d read_buffers_lent=%d"
                            + " (live heap after GC, both ends in one JVM)%n",
                    factory.name(), transport.name(), n, bytesPerConnection, lent);
            echoOnEach(clients, "again");
            closeAll(idle, clients);
            if (budget.maxHeapBytesPerConnection() > 0) {
                assertTrue(bytesPerConnection < budget.maxHeapBytesPerConnection(), bytesPerConnection
                        + " bytes per idle " + transport.name() + " connection, over the bound of "
                        + budget.maxHeapBytesPerConnection());
            }
        } finally {
            assertTrue(idle.shutdown(Duration.ofSeconds(10)));
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
