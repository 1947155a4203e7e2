package dev.harness.cli.compare;

import dev.harness.cli.compare.Finding.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Compares two comparable results folders ({@link Comparability}) cell by cell. Each metric of each cell
 * is judged against the baseline with its {@link Tolerance}; each time or rate is also judged as a same-run
 * ratio to the reference server (proactor-act's p99 over sync-threads' in the baseline, against the same
 * in the current run), which cancels a machine that is slower for everyone. A cell that is not ok in either
 * run is named, not judged. Then every {@link Threshold} is checked against the current run.
 */
public final class Comparison {

    private Comparison() {
    }

    /**
     * Every finding, cell by cell in name order, the thresholds last.
     *
     * @throws IllegalArgumentException when a threshold bounds no cell of the current run that has its metric
     */
    public static List<Finding> of(ResultsFolder baseline, ResultsFolder current, Tolerances tolerances,
                                   List<Threshold> thresholds) {
        List<Finding> findings = new ArrayList<>();
        current.cells().forEach((scenario, byServer) -> byServer.forEach((server, cellC) -> {
            ResultsFolder.Cell cellB = baseline.cells().get(scenario).get(server);
            if (cellB.notOk() != null || cellC.notOk() != null) {
                String why = cellB.notOk() != null ? "baseline cell " + cellB.notOk() : "current cell " + cellC.notOk();
                findings.add(new Finding(scenario, server, "cell", null, null, Verdict.NOT_COMPARED, why));
                return;
            }
            for (Metric metric : Metric.values()) {
                findings.addAll(cellFindings(metric, cellB, cellC, baseline, current, tolerances));
            }
        }));
        for (Threshold threshold : thresholds) {
            findings.addAll(goals(threshold, current));
        }
        return findings;
    }

    private static List<Finding> cellFindings(Metric metric, ResultsFolder.Cell cellB, ResultsFolder.Cell cellC,
                                              ResultsFolder baseline, ResultsFolder current, Tolerances tolerances) {
        Range b = cellB.range(metric);
        Range c = cellC.range(metric);
        if (b == null && c == null) {
            return List.of();
        }
        String scenario = cellC.scenario();
        String server = cellC.server();
        if (b == null || c == null) {
            return List.of(new Finding(scenario, server, metric.key(), b, c, Verdict.NOT_COMPARED,
                    (b == null ? "absent in the baseline" : "absent in the current run")));
        }
        Tolerance tolerance = tolerances.of(metric).withFloorAtLeast(Math.max(cellB.resolution(metric), cellC.resolution(metric)));
        if (tolerance.notFor().containsKey(scenario)) {
            return List.of(new Finding(scenario, server, metric.key(), b, c, Verdict.NOT_COMPARED,
                    "not judged in " + scenario + ": " + tolerance.notFor().get(scenario)));
        }
        List<Finding> findings = new ArrayList<>();
        Verdict verdict = judge(metric.better(), b, c, tolerance::beyond);
        findings.add(new Finding(scenario, server, metric.key(), b, c, verdict,
                change(b, c) + ", allowed " + allowance(tolerance.factor(), tolerance.floor())));
        String reference = tolerances.referenceServer();
        if (metric.kind() == Metric.Kind.TIME && !server.equals(reference)) {
            ResultsFolder.Cell refB = baseline.cells().get(scenario).get(reference);
            ResultsFolder.Cell refC = current.cells().get(scenario).get(reference);
            if (refB != null && refC != null && refB.notOk() == null && refC.notOk() == null
                    && refB.range(metric) != null && refC.range(metric) != null) {
                Range rb = b.over(refB.range(metric));
                Range rc = c.over(refC.range(metric));
                if (rb != null && rc != null) {
                    findings.add(new Finding(scenario, server, metric.key() + " / " + reference, rb, rc,
                            judge(metric.better(), rb, rc, tolerance::ratioBeyond),
                            change(rb, rc) + ", allowed " + allowance(tolerance.ratioFactor(), 0)));
                }
            }
        }
        return findings;
    }

    /** How a pair of edges is judged: whether the second is above the first beyond what is allowed. */
    @FunctionalInterface
    private interface Beyond {
        boolean test(double from, double to);
    }

    /**
     * The verdict on {@code current} against {@code baseline}, edge against facing edge: a regression only when
     * the current range's best repeat is worse than the baseline's worst beyond the tolerance.
     */
    private static Verdict judge(Metric.Better better, Range baseline, Range current, Beyond beyond) {
        boolean worse = better == Metric.Better.LOWER ? beyond.test(baseline.max(), current.min())
                : beyond.test(current.max(), baseline.min());
        boolean improved = better == Metric.Better.LOWER ? beyond.test(current.max(), baseline.min())
                : beyond.test(baseline.max(), current.min());
        return worse ? Verdict.REGRESSION : improved ? Verdict.BETTER : Verdict.OK;
    }

    private static List<Finding> goals(Threshold threshold, ResultsFolder current) {
        List<Finding> findings = new ArrayList<>();
        current.cells().forEach((scenario, byServer) -> byServer.forEach((server, cell) -> {
            if (!threshold.covers(scenario, server)) {
                return;
            }
            if (cell.notOk() != null) {
                findings.add(new Finding(scenario, server, threshold.text(), null, null, Verdict.NOT_COMPARED,
                        "current cell " + cell.notOk()));
                return;
            }
            Range c = cell.range(threshold.metric());
            if (c != null) {
                findings.add(new Finding(scenario, server, threshold.text(), null, c,
                        threshold.heldBy(c) ? Verdict.GOAL_MET : Verdict.GOAL_MISSED, c.n() == 1 ? "the run's value"
                        : "the " + (threshold.upperBound() ? "highest" : "lowest") + " of " + c.n() + " repeats"));
            }
        }));
        if (findings.isEmpty()) {
            throw new IllegalArgumentException("threshold '" + threshold.text() + "' bounds no cell of " + current.dir()
                    + " that has " + threshold.metric().key() + "; its cells are " + String.join(", ", current.cellNames()));
        }
        return findings;
    }

    /** {@code ×1.12} of the medians, current over baseline. */
    private static String change(Range baseline, Range current) {
        return baseline.median() == 0 ? (current.median() == 0 ? "×1.00" : "from 0")
                : String.format(Locale.ROOT, "×%.2f", current.median() / baseline.median());
    }

    private static String allowance(double factor, double floor) {
        return String.format(Locale.ROOT, "×%.2f", factor) + (floor > 0 ? " or " + CompareTable.number(floor) : "");
    }
}
