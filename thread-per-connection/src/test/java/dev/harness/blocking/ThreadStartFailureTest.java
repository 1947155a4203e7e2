package dev.harness.blocking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames;
import dev.harness.server.ServerConfig;
import dev.harness.transport.Channel;
import dev.harness.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A connection whose thread cannot start (what sync-threads meets at the machine's thread limits) is
 * closed, counted and reported once on stderr with its likely cause, and the server goes on and shuts down
 * cleanly. The refusal is simulated by a thread factory that throws what the JVM throws, so no test
 * exhausts the machine's pids.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ThreadStartFailureTest {

    @ParameterizedTest
    @ValueSource(strings = {"mem", "tcp"})
    void aConnectionWhoseThreadCannotStartIsClosedAndTheServerGoesOn(String transportName) throws Exception {
        Transport transport = Transport.byName(transportName);
        ThreadFactory threads = Thread.ofVirtual().name("vconn-", 0).factory();
        AtomicInteger made = new AtomicInteger();
        ThreadFactory refusesTheSecond = task -> {
            if (made.incrementAndGet() == 2) {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory or process/resource limits reached");
            }
            return threads.newThread(task);
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        BlockingServer server = BlockingServer.start(ServerConfig.loopback().withTransport(transport),
                refusesTheSecond);
        try (Channel first = transport.connect(server.address())) {
            ActFrames.sendEcho(first, 1, "one");
            assertEquals("one", ActFrames.read(first).text());
            try (Channel second = transport.connect(server.address())) {
                assertThrows(EOFException.class, () -> ActFrames.read(second), "closed without a thread");
            }
            try (Channel third = transport.connect(server.address())) {
                ActFrames.sendEcho(third, 3, "three");
                assertEquals("three", ActFrames.read(third).text());
            }
            ActFrames.sendEcho(first, 4, "still");
            assertEquals("still", ActFrames.read(first).text());
            assertEquals(1, server.threadStartFailures());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!err.toString(StandardCharsets.UTF_8).contains("\n") && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            String line = err.toString(StandardCharsets.UTF_8);
            assertTrue(line.startsWith("cannot start a thread for connection 2 over " + transportName
                    + ": java.lang.OutOfMemoryError: unable to create native thread"), line);
            assertTrue(line.contains("likely cause: "), line);
            assertTrue(line.contains("the server goes on"), line);
        } finally {
            System.setErr(stderr);
            assertTrue(server.shutdown(Duration.ofSeconds(10)), "shutdown within its grace period");
        }
        assertEquals(0, server.openConnections());
    }
}
