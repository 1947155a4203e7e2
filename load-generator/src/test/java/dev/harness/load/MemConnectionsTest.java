package dev.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.load.engine.LoopCounters;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactories;
import dev.harness.transport.Transport;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The million-connection run, reduced for CI: {@value #CONNECTIONS} mem connections to a server in this JVM,
 * held idle, then an open loop whose schedule (10,000/s for 3 s: 15,000 requests per I/O thread, each with
 * 10,000 connections) uses every connection at least once. Counts only: every connection opened, every one
 * used, every request sent completed, no error.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MemConnectionsTest {

    private static final int CONNECTIONS = 20_000;

    @ParameterizedTest
    @ValueSource(strings = {"virtual-threads", "proactor-act"})
    void everyConnectionOpensIdlesAndCarriesARequest(String name) throws Exception {
        try (Server server = ServerFactories.byName(name).start(ServerConfig.loopback().withTransport(Transport.mem())
                .withMaxConnections(CONNECTIONS))) {
            LoadRunner.Connected[] connected = new LoadRunner.Connected[1];
            LoadConfig config = LoadConfig.builder(server.address()).transport(Transport.mem()).connections(CONNECTIONS)
                    .threads(2).rate(10_000).duration(Duration.ofSeconds(3)).timeout(Duration.ofSeconds(20))
                    .timeLimit(Duration.ofSeconds(90)).build();
            LoadResult r = new LoadRunner(config, ProgressListener.NONE, LoadRunner.WindowListener.NONE,
                    c -> connected[0] = c).run();
            LoopCounters c = r.counters();
            System.out.printf("MEM %s: %d connections in %.0f ms, used %d; %s%n", name, r.connectionsOpened(),
                    r.connectElapsedNanos() / 1e6, r.connectionsUsed(), r.summary().get("requests"));
            assertEquals(CONNECTIONS, connected[0].opened(), "all open before the load: " + connected[0].firstFailure());
            assertEquals(0, connected[0].failed());
            assertFalse(r.partial(), "stop reason " + r.stopReason());
            assertEquals(CONNECTIONS, r.connectionsOpened());
            assertEquals(CONNECTIONS, r.connectionsUsed(), "every connection carried a request");
            assertEquals(0, c.connectionsClosed);
            assertEquals(0, r.errors(), r.summary().toString());
            assertEquals(0, c.timeouts);
            assertEquals(30_000, c.sent + c.dropped, "the uniform schedule: 10,000/s x 3 s");
            assertTrue(c.completed > 0);
            assertEquals(c.sent, c.completed, "every request sent is answered");
        }
    }
}
