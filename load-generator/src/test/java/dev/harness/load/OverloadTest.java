package dev.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.PacedActServer;
import dev.harness.load.client.Protocol;
import dev.harness.load.client.Workload;
import dev.harness.load.engine.ErrorKind;
import dev.harness.load.engine.LoopCounters;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator against an overloaded server: requests slower than {@code --timeout} are counted as
 * timeouts, and connections the server refuses (over its {@code maxConnections}) as errors by kind, while
 * the connections it serves complete requests; against a server slower than the offered rate, every intended
 * request is counted, those never answered at their censored latency, and the run says overloaded. Behaviour
 * and counts only.
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
    void aServerSlowerThanTheRateLeavesEveryIntendedRequestCountedAndTheRunOverloaded(@TempDir Path dir) throws Exception {
        double serverRate = 100;
        double rate = 1_000;
        Duration window = Duration.ofSeconds(1);
        Duration timeout = Duration.ofMillis(500);
        int connections = 4;
        try (PacedActServer server = new PacedActServer(serverRate)) {
            LoadResult r = LoadRunner.run(LoadConfig.builder(server.address()).connections(connections).threads(1)
                    .rate(rate).arrival(LoadConfig.Arrival.UNIFORM).warmup(Duration.ZERO).duration(window)
                    .timeout(timeout).build(), ProgressListener.NONE);
            LoopCounters c = r.counters();
            Map<?, ?> requests = (Map<?, ?>) r.summary().get("requests");
            Map<?, ?> latency = (Map<?, ?>) r.summary().get("latency_us");
            System.out.println("OVERLOAD paced at " + serverRate + "/s, driven at " + rate + "/s: " + requests + " latency "
                    + latency + " status " + r.summary().get("status_reasons"));
            assertFalse(r.partial(), "stop reason " + r.stopReason());
            long scheduled = (long) (rate * window.toNanos() / 1e9);
            assertTrue(Math.abs(r.intended() - scheduled) <= 1, "every request of the uniform schedule is intended: "
                    + r.intended() + " of " + scheduled);
            assertEquals(c.sent + c.dropped, r.intended());
            // the server answers at most 1 + rate x time: in the window and a drain of at most one timeout
            double answerable = 1 + serverRate * (window.toNanos() + timeout.toNanos()) / 1e9 + connections;
            assertTrue(c.completed <= answerable, c.completed + " answered, at most " + answerable);
            assertTrue(r.completedInWindow() <= 1 + serverRate * window.toNanos() / 1e9, "answers inside the window");
            assertEquals(r.intended(), c.completed + r.unanswered(), "each intended request answered or unanswered");
            assertTrue(c.dropped > 0, "requests waited for a connection until the window closed: " + requests);
            assertEquals(r.intended(), r.intendedLatency().getTotalCount(), "latency_us.count == requests.intended");
            assertEquals(r.intended(), latency.get("count"));
            assertEquals(r.unanswered(), latency.get("censored"));
            assertEquals(r.unanswered(), requests.get("unanswered"));
            assertEquals(Boolean.TRUE, latency.get("lower_bound"));
            assertEquals(c.completed, r.answeredLatency().getTotalCount(), "answered-only latency keeps the answers");
            assertCensoredTailNeverBetter(r.intendedLatency(), r.answeredLatency());
            assertEquals("overloaded", r.summary().get("status"));
            assertTrue(r.status().reasons().getFirst().contains("were never answered"), r.status().reasons().toString());
            r.writeTo(dir);
            String log = Files.readString(dir.resolve(LoadResult.LOG_FILE));
            assertTrue(log.contains("Tag=censored"), "the censored values have a tag of their own in histograms.hlog");
        }
    }

    /**
     * The intended latencies hold every answer's and a lower bound for each unanswered request, so at any
     * latency they count at least as many requests at or above it as the answers alone do. Their p99 may still
     * be below the answers' p99 (a loaded machine made it so: many short censored values below a few late
     * answers), so the tails are compared request by request, at the answers' percentiles and their maximum.
     */
    private static void assertCensoredTailNeverBetter(Histogram intended, Histogram answered) {
        long top = Math.max(intended.getMaxValue(), answered.getMaxValue());
        for (double percentile : new double[] {50, 90, 99, 100}) {
            long value = answered.getValueAtPercentile(percentile);
            long intendedAbove = intended.getCountBetweenValues(value, top);
            long answeredAbove = answered.getCountBetweenValues(value, top);
            assertTrue(intendedAbove >= answeredAbove, "the censored tail is never better than the answered one: "
                    + intendedAbove + " intended and " + answeredAbove + " answered requests at or above the answers' p"
                    + percentile + " of " + value + " ns");
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
