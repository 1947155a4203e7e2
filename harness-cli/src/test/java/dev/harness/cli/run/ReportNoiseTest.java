package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The report over repeats: ranges, "within noise", figures below their resolution never ranked. */
class ReportNoiseTest {

    private static String table(List<Cell> cells, List<Metric> metrics) {
        Map<String, Cell> byServer = new LinkedHashMap<>();
        for (Cell cell : cells) {
            byServer.put(cell.server(), cell);
        }
        return Report.table(List.copyOf(byServer.keySet()), byServer, metrics);
    }

    private static Cell repeated(String server, double... throughputs) {
        List<Cell> runs = new ArrayList<>();
        for (double t : throughputs) {
            runs.add(Cells.load(server, t, 1_000, Verdict.OK));
        }
        return Repeats.aggregate(runs, throughputs.length);
    }

    @Test
    void overlappingRangesAreWithinNoiseAndApartOnesAreNot() {
        String t = table(List.of(repeated("a", 100_000, 90_000, 110_000), repeated("b", 95_000, 80_000, 85_000),
                repeated("c", 50_000, 40_000, 45_000)), Metric.LOAD);
        assertTrue(t.contains("| throughput, req/s (higher is better) | 100,000 (90,000–110,000) (×1.00) |"
                + " 85,000 (80,000–95,000) (×0.85, within noise) | 45,000 (40,000–50,000) (×0.45) |"), t);
    }

    @Test
    void aFigureBelowItsResolutionIsShownAsSuchAndNeverRanked() {
        String t = table(List.of(Cells.idle("proactor-act", "tcp", 200, -1_940, 12_000),
                Cells.idle("sync-threads", "tcp", 200, 10_850, 76_000)), Metric.IDLE);
        assertTrue(t.contains("| server heap bytes / idle connection | < resolution (±2,621) | 10,850 (×1.00) |"), t);
        assertTrue(t.contains("< resolution (±R)"), "the note says what it means: " + t);
    }

    @Test
    void aNegativeCostPerConnectionAboveResolutionIsNotRankedBest() {
        String t = table(List.of(Cells.idle("a", "mem", 100_000, -500, 600), Cells.idle("b", "mem", 100_000, 352, 601)),
                Metric.IDLE);
        assertTrue(t.contains("| server heap bytes / idle connection | -500 (negative: not ranked) | 352 (×1.00) |"), t);
    }

    @Test
    void onlyAnOkCellMayBeBest() {
        String t = table(List.of(Cells.load("a", 200_000, 500, Verdict.partial("stopped early")),
                Cells.load("b", 100_000, 900, Verdict.OK)), Metric.LOAD);
        assertTrue(t.contains("| throughput, req/s (higher is better) | 200,000 (×2.00) | 100,000 (×1.00) |"), t);
    }
}
