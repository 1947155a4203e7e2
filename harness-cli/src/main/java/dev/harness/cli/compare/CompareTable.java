package dev.harness.cli.compare;

import dev.harness.cli.measure.JsonFields;
import java.util.List;
import java.util.Locale;

/**
 * A comparison written out: a fixed-width table for the terminal and a markdown table for a pull request,
 * each line a metric of a cell, baseline vs current, verdict, then the change of the medians and what was
 * allowed. A figure from repeats reads {@code median [min–max]}.
 */
public final class CompareTable {

    private static final String TEXT_ROW = "%-32s %-34s %-28s %-28s %-13s %s%n";

    private final ResultsFolder baseline;
    private final ResultsFolder current;
    private final List<String> warnings;
    private final List<Finding> findings;

    public CompareTable(ResultsFolder baseline, ResultsFolder current, List<String> warnings, List<Finding> findings) {
        this.baseline = baseline;
        this.current = current;
        this.warnings = List.copyOf(warnings);
        this.findings = List.copyOf(findings);
    }

    /** Whether any finding fails the comparison. */
    public boolean fails() {
        return findings.stream().anyMatch(f -> f.verdict().fails());
    }

    /** For the terminal. */
    public String text() {
        StringBuilder t = new StringBuilder();
        t.append("baseline: ").append(describe(baseline)).append('\n');
        t.append("current:  ").append(describe(current)).append('\n');
        warnings.forEach(w -> t.append("warning: different machine or JVM: ").append(w).append('\n'));
        t.append('\n').append(String.format(Locale.ROOT, TEXT_ROW, "scenario/server", "metric", "baseline", "current",
                "verdict", "change, allowed"));
        for (Finding f : findings) {
            t.append(String.format(Locale.ROOT, TEXT_ROW, f.scenario() + "/" + f.server(), f.what(), figure(f.baseline()),
                    figure(f.current()), f.verdict().label(), f.note()));
        }
        return t.append('\n').append(verdictLine()).append('\n').toString();
    }

    /** For a pull request. */
    public String markdown() {
        StringBuilder md = new StringBuilder("## harness compare\n\n");
        md.append("Baseline: ").append(describe(baseline)).append("  \n");
        md.append("Current: ").append(describe(current)).append("\n\n");
        warnings.forEach(w -> md.append("> warning: different machine or JVM: ").append(w).append("  \n"));
        md.append("**").append(verdictLine()).append("**\n\n");
        md.append("| cell | metric | baseline | current | verdict | change, allowed |\n|---|---|---:|---:|---|---|\n");
        for (Finding f : findings) {
            String verdict = f.verdict().fails() ? "**" + f.verdict().label() + "**" : f.verdict().label();
            md.append("| ").append(f.scenario()).append('/').append(f.server()).append(" | `").append(f.what()).append("` | ")
                    .append(figure(f.baseline())).append(" | ").append(figure(f.current())).append(" | ").append(verdict)
                    .append(" | ").append(f.note()).append(" |\n");
        }
        return md.toString();
    }

    private String verdictLine() {
        long regressions = count(Finding.Verdict.REGRESSION);
        long missed = count(Finding.Verdict.GOAL_MISSED);
        long notCompared = count(Finding.Verdict.NOT_COMPARED);
        return (fails() ? "FAIL" : "PASS") + ": " + regressions + " regression" + (regressions == 1 ? "" : "s") + ", "
                + missed + " goal" + (missed == 1 ? "" : "s") + " missed, " + notCompared + " not compared, of "
                + findings.size() + " lines";
    }

    private long count(Finding.Verdict verdict) {
        return findings.stream().filter(f -> f.verdict() == verdict).count();
    }

    /** The folder, its commit and when it ran. */
    private static String describe(ResultsFolder folder) {
        JsonFields meta = folder.meta();
        JsonFields git = meta.object("git");
        String commit = git == null || git.text("commit") == null ? "no commit"
                : "commit " + git.text("commit").substring(0, Math.min(7, git.text("commit").length()))
                + (Boolean.TRUE.equals(git.flag("dirty")) ? " (dirty)" : "");
        return folder.dir() + " (" + commit + ", profile " + meta.text("profile") + ", started " + meta.text("start") + ")";
    }

    private static String figure(Range range) {
        if (range == null) {
            return "-";
        }
        return range.n() == 1 ? number(range.median())
                : number(range.median()) + " [" + number(range.min()) + "–" + number(range.max()) + "]";
    }

    /** A figure with as many decimals as its size needs: 0.166, 42.5, 125,157; a whole number without any. */
    static String number(double v) {
        double magnitude = Math.abs(v);
        String format = v == Math.rint(v) || magnitude >= 1000 ? "%,.0f" : magnitude < 10 ? "%.3f" : "%.1f";
        return String.format(Locale.ROOT, format, v);
    }
}
