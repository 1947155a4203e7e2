package dev.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.load.client.Protocol;
import dev.harness.load.engine.LostKind;
import dev.harness.load.engine.LoopCounters;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generator reconnects like a real client when the server closes a connection: at a keep-alive limit
 * announced with {@code Connection: close}, or unannounced; requests lost with a connection are counted by
 * kind, and a connection that cannot be reopened is lost for good (the run stops as target_died when none
 * is left). Counts only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReconnectTest {

    private static final int CONNECTIONS = 4;
    private static final int LIMIT = 50;

    private static LoadResult run(ClosingHttpServer server, int inflight) throws Exception {
        return LoadRunner.run(LoadConfig.builder(server.address()).protocol(Protocol.HTTP).connections(CONNECTIONS)
                .inflight(inflight).threads(1).duration(Duration.ofSeconds(1)).build(), ProgressListener.NONE);
    }

    private static long lost(LoadResult r, LostKind kind) {
        Map<?, ?> requests = (Map<?, ?>) r.summary().get("requests");
        return (Long) ((Map<?, ?>) requests.get("lost_by_kind")).get(kind.jsonName());
    }

    private static Map<?, ?> connections(LoadResult r) {
        return (Map<?, ?>) r.summary().get("connections");
    }

    /** Runs one request in flight per connection, which must run to the end, well past the limit, reconnected. */
    private static LoadResult runPastTheLimit(ClosingHttpServer server, String name) throws Exception {
        LoadResult r = run(server, 1);
        LoopCounters c = r.counters();
        System.out.println("RECONNECT " + name + ": " + connections(r) + " " + r.summary().get("requests"));
        assertFalse(r.partial(), "runs to the end: " + r.stopReason());
        assertTrue(c.completed > 2L * CONNECTIONS * LIMIT, "served past the limit: " + c.completed);
        assertTrue(c.reconnects >= c.completed / LIMIT - CONNECTIONS, "a reconnect per " + LIMIT + " answers: "
                + c.reconnects + " for " + c.completed);
        assertEquals(c.reconnects, connections(r).get("reconnects"), "in summary.json");
        return r;
    }

    @Test
    void connectionCloseOnAnAnswerReopensWithNothingLost() throws Exception {
        try (ClosingHttpServer server = new ClosingHttpServer(LIMIT, true, 0)) {
            LoadResult r = runPastTheLimit(server, "connection-close");
            assertEquals(0, r.errors(), "one request in flight: none is sent after the close is announced");
            for (LostKind kind : LostKind.values()) {
                assertEquals(0, lost(r, kind), kind.jsonName());
            }
            assertEquals(0L, connections(r).get("lost"));
        }
    }

    @Test
    void requestsPipelinedBehindConnectionCloseAreLostAsSuch() throws Exception {
        try (ClosingHttpServer server = new ClosingHttpServer(LIMIT, true, 0)) {
            LoadResult r = run(server, 2);
            System.out.println("RECONNECT connection-close, 2 in flight: " + connections(r) + " "
                    + r.summary().get("requests"));
            assertFalse(r.partial(), "runs to the end: " + r.stopReason());
            assertTrue(r.counters().reconnects > 0);
            assertTrue(lost(r, LostKind.CONNECTION_CLOSE) > 0, "the request behind the last answer is lost");
            assertEquals(lost(r, LostKind.CONNECTION_CLOSE) + lost(r, LostKind.CLOSED) + lost(r, LostKind.RESET),
                    r.errors(), "every error is a lost request");
        }
    }

    @Test
    void anUnannouncedCloseIsReopenedAndItsRequestLost() throws Exception {
        try (ClosingHttpServer server = new ClosingHttpServer(LIMIT, false, 0)) {
            LoadResult r = runPastTheLimit(server, "silent close");
            LoopCounters c = r.counters();
            long closedOrReset = lost(r, LostKind.CLOSED) + lost(r, LostKind.RESET);
            assertTrue(closedOrReset > 0, "the request sent after the last answer is lost");
            assertTrue(closedOrReset <= c.reconnects + CONNECTIONS, "at most one lost per close: " + closedOrReset);
            assertEquals(0, lost(r, LostKind.CONNECTION_CLOSE));
            assertEquals(closedOrReset, r.errors(), "every error is a lost request");
        }
    }

    @Test
    void aServerThatStopsListeningLosesEveryConnectionForGood() throws Exception {
        try (ClosingHttpServer server = new ClosingHttpServer(LIMIT, true, CONNECTIONS)) {
            LoadResult r = run(server, 1);
            System.out.println("RECONNECT refused: " + connections(r) + " " + r.summary().get("requests"));
            assertEquals("target_died", r.stopReason());
            assertEquals((long) CONNECTIONS, connections(r).get("lost"));
            assertEquals(0L, connections(r).get("reconnects"));
            assertEquals(CONNECTIONS, server.accepted(), "no reconnect got through");
            assertEquals((long) CONNECTIONS * LIMIT, r.counters().completed, "every answer before the close counted");
        }
    }
}
