package dev.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.load.client.Protocol;
import dev.harness.load.client.Workload;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactories;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generator sees the models' ordering difference: with 16 WORK requests in flight per connection whose
 * waits differ, a proactor answers a short one before a long one sent earlier (counted as out of order),
 * while a thread per connection answers in order. Counts, not times.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OutOfOrderTest {

    private static LoadResult pipelinedMixedWaits(Server server) throws Exception {
        return LoadRunner.run(LoadConfig.builder(server.address())
                .protocol(Protocol.ACT).workload(Workload.WORK).waitMicros(0).waitMaxMicros(2_000).replyBytes(8)
                .connections(4).inflight(16).duration(Duration.ofMillis(500)).build(), ProgressListener.NONE);
    }

    @Test
    void theProactorAnswersPipelinedRequestsOutOfOrder() throws Exception {
        try (Server server = ServerFactories.byName("proactor-act").start(ServerConfig.loopback())) {
            LoadResult r = pipelinedMixedWaits(server);
            assertEquals(0, r.errors(), r.summary().toString());
            assertTrue(r.counters().completed > 100, r.summary().toString());
            assertTrue(r.counters().outOfOrder > 0, "out of order: " + r.counters().outOfOrder);
        }
    }

    @Test
    void aThreadPerConnectionAnswersInOrder() throws Exception {
        try (Server server = ServerFactories.byName("virtual-threads").start(ServerConfig.loopback())) {
            LoadResult r = pipelinedMixedWaits(server);
            assertEquals(0, r.errors(), r.summary().toString());
            assertTrue(r.counters().completed > 100, r.summary().toString());
            assertEquals(0, r.counters().outOfOrder);
        }
    }
}
