package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.measure.ServerReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An overloaded load: {@link CellRules} makes its cell overloaded after failed and partial, only in a scenario that
 * judges overload; the report shows its figures but never ranks it best; a breaking-point climb passes it and
 * reports where it degraded.
 */
class OverloadedCellTest {

    private static final String REASON = "850 of 1,000 intended requests (85.0%) were never answered";

    private static CellSummary.Measured measured(String status, double throughput, double p99) {
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("status", status);
        load.put("status_reasons", status.equals("ok") ? List.of() : List.of(REASON));
        load.put("throughput_rps", throughput);
        load.put("latency_us", Map.of("p99", p99));
        load.put("connections", Map.of("opened", 1000L, "used", 1000L));
        load.put("requests", Map.of("completed", 1000L));
        return CellSummary.Measured.of(load, new ServerReport.OverTcp("s", 1, List.of(), null, false, null, null, null));
    }

    private static final Scenario OPEN = Scenario.workWait("work-wait", 100, 1000, 5000);

    @Test
    void anOpenLoopCellThatDidNotKeepUpIsOverloadedWithItsReasons() {
        Verdict v = CellRules.overloaded(Verdict.OK, OPEN, measured("overloaded", 100, 1e6).figures());
        assertEquals(CellStatus.OVERLOADED, v.status());
        assertEquals(REASON, v.reason());
        assertTrue(v.status().completed(), "overloaded is a result, not a failure: the run exits 0");
    }

    @Test
    void failedAndPartialComeFirst() {
        LoadFigures overloaded = measured("overloaded", 100, 1e6).figures();
        assertEquals(CellStatus.PARTIAL, CellRules.overloaded(Verdict.partial("time_limit"), OPEN, overloaded).status());
        Verdict failed = Verdict.failed("the server died", 0, null);
        assertEquals(CellStatus.FAILED, CellRules.overloaded(failed, OPEN, overloaded).status());
    }

    @Test
    void closedLoopAndIdleScenariosDoNotJudgeOverloadButBreakingPointStepsDo() {
        LoadFigures overloaded = measured("overloaded", 100, 1e6).figures();
        assertFalse(Scenario.echo(100).judgesOverload());
        assertFalse(Scenario.idleConnections(100).judgesOverload());
        assertTrue(Scenario.breakingPointStep(1000).judgesOverload());
        assertEquals(CellStatus.OK, CellRules.overloaded(Verdict.OK, Scenario.echo(100), overloaded).status());
    }

    @Test
    void aResultWrittenBeforeStatusExistedReadsAsOk() {
        Map<String, Object> old = new LinkedHashMap<>();
        old.put("throughput_rps", 10.0);
        LoadFigures figures = LoadFigures.of(new JsonFields(old));
        assertFalse(figures.overloaded());
        assertEquals(CellStatus.OK, CellRules.overloaded(Verdict.OK, OPEN, figures).status());
    }

    @Test
    void theReportNeverRanksAnOverloadedCellBest() {
        Map<String, Cell> cells = new LinkedHashMap<>();
        CellSummary.Measured fast = measured("overloaded", 9000, 100);
        cells.put("proactor-act", new Cell("proactor-act", OPEN, Verdict.overloaded(REASON), fast));
        cells.put("sync-threads", new Cell("sync-threads", OPEN, Verdict.OK, measured("ok", 5000, 2000)));
        List<String> servers = List.of("proactor-act", "sync-threads");
        String table = Report.table(servers, cells, List.of(
                new Metric("throughput_rps", "throughput", Metric.Better.HIGHER, m -> m.figures().requestsPerSecond(), 0, null)));
        assertTrue(table.contains("| throughput | 9,000 (×1.80) | 5,000 (×1.00) |"), table);
        assertTrue(table.contains("Not ranked: proactor-act overloaded (" + REASON + ")."), table);
    }

    @Test
    void aClimbPassesAnOverloadedStepAndReportsWhereItDegraded() throws Exception {
        BreakingPoint.Climb climb = BreakingPoint.climb(List.of(1_000, 2_000, 4_000), count -> new Cell("sync-threads",
                Scenario.breakingPointStep(count), count >= 2_000 ? Verdict.overloaded(REASON) : Verdict.OK,
                measured(count >= 2_000 ? "overloaded" : "ok", 100, 1e6)), () -> false);
        assertEquals(4_000, climb.reached());
        assertEquals(2_000, climb.degradedAt());
        assertEquals(null, climb.failedAt());
        BreakingPoint.Summary summary = BreakingPoint.Summary.of(climb, 4_000, "tcp");
        assertEquals(2_000, BreakingPoint.Summary.fromJson(new JsonFields(summary.toJson())).degradedAt());
        Cell cell = new Cell("sync-threads", Scenario.breakingPoint(4_000), Verdict.OK, summary);
        assertTrue(BreakingPoint.headline(cell).contains("degrades at 2,000 connections"), BreakingPoint.headline(cell));
    }
}
