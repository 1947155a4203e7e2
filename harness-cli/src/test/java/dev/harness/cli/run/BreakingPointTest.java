package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.measure.IdleMemory;
import dev.harness.cli.measure.ServerReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The climb's logic with artificial steps: where it stops, what it reports, how the report shows it. */
class BreakingPointTest {

    private static Cell step(int connections, boolean ok) {
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("connections", Map.of("opened", (long) connections, "connect_all_ms", 12.0, "used", (long) connections));
        load.put("requests", Map.of("completed", (long) connections));
        load.put("latency_us", Map.of("p99", 250.0));
        IdleMemory memory = new IdleMemory(connections, 980.5, 2048.0, 20, null, null, 0, 0, 0, "none", 0, null);
        CellSummary summary = CellSummary.Measured.of(load,
                new ServerReport.OverTcp("sync-threads", 1, List.of(), null, true, memory, null, null));
        Scenario scenario = Scenario.idleConnections(connections);
        if (ok) {
            return new Cell("sync-threads", scenario, Verdict.OK, summary);
        }
        String reason = "cannot start a thread for connection " + (connections - 7) + ": java.lang.OutOfMemoryError:"
                + " unable to create native thread";
        return new Cell("sync-threads", scenario,
                new Verdict(CellStatus.FAILED, reason, null, FailureCause.classify(reason, List.of(), 0, false)), summary);
    }

    @Test
    void stopsAtTheFirstFailingStepAndKeepsItsCause() throws Exception {
        List<Integer> ran = new ArrayList<>();
        BreakingPoint.Climb climb = BreakingPoint.climb(Scenario.breakingPoint(64_000).steps(), count -> {
            ran.add(count);
            return step(count, count < 32_000);
        }, () -> false);
        assertEquals(List.of(1_000, 2_000, 4_000, 8_000, 16_000, 24_000, 32_000), ran, "no step after the failure");
        assertEquals(24_000, climb.reached());
        assertEquals(32_000, climb.failedAt());
        assertEquals(FailureCause.Kind.THREAD_LIMIT, climb.cause().kind());
        assertFalse(climb.interrupted());

        BreakingPoint.Summary summary = BreakingPoint.Summary.of(climb, 64_000, "mem");
        Map<String, Object> json = summary.toJson();
        assertEquals(32_000, json.get("failed_at"));
        assertEquals(7, ((List<?>) json.get("steps")).size());
        Cell cell = new Cell("sync-threads", Scenario.breakingPoint(64_000), Verdict.OK, summary);
        String headline = BreakingPoint.headline(cell);
        assertTrue(headline.contains("fails at 32,000 connections") && headline.contains("24,000")
                && headline.contains("the OS refused a thread") && headline.contains("kernel.pid_max"), headline);
        String table = Report.breakingPoint("sync-threads", cell);
        assertTrue(table.contains("| connections | status | open all, ms | heap B / conn. | RSS B / conn. | threads |"
                + " requests completed | connections used | p99 µs |"), table);
        assertTrue(table.contains("| 24,000 | ok | 12 | 981 | 2,048 | 20 | 24,000 | 24,000 | 250 |"), table);
        assertTrue(table.contains("| 32,000 | failed: cannot start a thread"), table);
    }

    @Test
    void aClimbThatNeverFailsReachesTheTop() throws Exception {
        BreakingPoint.Climb climb = BreakingPoint.climb(List.of(1_000, 2_000, 2_500), count -> step(count, true), () -> false);
        assertEquals(2_500, climb.reached());
        assertNull(climb.failedAt());
        assertNull(climb.cause());
        Cell cell = new Cell("proactor-act", Scenario.breakingPoint(2_500), Verdict.OK,
                BreakingPoint.Summary.of(climb, 2_500, "tcp"));
        assertTrue(BreakingPoint.headline(cell).startsWith("no step failed: 2,500 connections"), BreakingPoint.headline(cell));
    }

    @Test
    void aStopInTheMiddleIsAnInterruptedClimbNotAFailure() throws Exception {
        boolean[] stop = {false};
        BreakingPoint.Climb climb = BreakingPoint.climb(List.of(1_000, 2_000, 4_000), count -> {
            stop[0] = count == 2_000;
            return step(count, count < 2_000);
        }, () -> stop[0]);
        assertTrue(climb.interrupted());
        assertNull(climb.failedAt());
        assertEquals(2, climb.steps().size());
    }
}
