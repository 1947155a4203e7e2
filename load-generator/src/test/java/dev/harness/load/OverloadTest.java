package dev.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.load.client.Protocol;
import dev.harness.load.client.Workload;
import dev.harness.load.engine.ErrorKind;
import dev.harness.load.engine.LoopCounters;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactories;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generator against an overloaded server: requests slower than {@code --timeout} are counted as
 * timeouts, and connections the server refuses (over its {@code maxConnections}) as errors by kind, while
 * the connections it serves complete requests. Behaviour and counts only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OverloadTest {

    @Test
    void requestsSlowerThanTheTimeoutAreCountedAsTimeouts() throws Exception {
        try (Server server = ServerFactories.byName("virtual-threads").start(ServerConfig.loopback())) {
            LoadResult r = LoadRunner.run(LoadConfig.builder(server.address()).workload(Workload.WORK).waitMicros(300_000)
                    .replyBytes(8).connections(4).threads(1).duration(Duration.ofSeconds(1))
                    .timeout(Duration.ofMillis(100)).build(), ProgressListener.NONE);
            LoopCounters c = r.counters();
            System.out.println("OVERLOAD timeouts: " + r.summary().get("requests"));
            assertTrue(c.timeouts > 0, "a 300 ms WORK under a 100 ms timeout times out: " + r.summary());
            assertEquals(0, c.completed, "nothing answers within the timeout");
            assertEquals(c.timeouts, ((Map<?, ?>) r.summary().get("requests")).get("timeouts"), "timeouts in summary.json");
        }
    }

    @Test
    void connectionsOverTheServersLimitAreCountedAsErrorsByKind() throws Exception {
        for (Protocol protocol : Protocol.values()) {
            try (Server server = ServerFactories.byName("virtual-threads").start(ServerConfig.loopback().withMaxConnections(2))) {
                LoadResult r = LoadRunner.run(LoadConfig.builder(server.address()).protocol(protocol).connections(6)
                        .threads(1).duration(Duration.ofSeconds(1)).build(), ProgressListener.NONE);
                LoopCounters c = r.counters();
                System.out.println("OVERLOAD max-connections " + protocol + ": " + r.summary().get("requests")
                        + " partial=" + r.partial() + " stop=" + r.stopReason());
                assertTrue(c.completed > 0, protocol + ": the 2 connections served complete requests");
                assertTrue(r.errors() > 0, protocol + ": the refused connections count as errors");
                Map<?, ?> kinds = (Map<?, ?>) ((Map<?, ?>) r.summary().get("requests")).get("errors_by_kind");
                // a refusal is an ERROR frame under act 0 (ACT) or a 503 (HTTP), then the close
                ErrorKind answer = protocol == Protocol.ACT ? ErrorKind.CONNECTION_ERROR : ErrorKind.HTTP_STATUS;
                assertTrue(c.errors[answer.ordinal()] > 0, protocol + ": the refusal is counted as " + answer.jsonName() + ": " + kinds);
                long refusalKinds = c.errors[answer.ordinal()] + c.errors[ErrorKind.CONNECTION_CLOSED.ordinal()];
                assertEquals(r.errors(), refusalKinds, protocol + ": no other kind of error: " + kinds);
            }
        }
    }
}
