package dev.harness.cli;

import dev.harness.cli.compare.Comparability;
import dev.harness.cli.compare.CompareTable;
import dev.harness.cli.compare.Comparison;
import dev.harness.cli.compare.Metric;
import dev.harness.cli.compare.ResultsFolder;
import dev.harness.cli.compare.Threshold;
import dev.harness.cli.compare.Tolerances;
import dev.harness.cli.options.Args;
import dev.harness.cli.options.UsageException;
import dev.harness.cli.options.ValueOption;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code harness compare BASELINE CURRENT}: whether a run regressed against a baseline, for CI. Exit 0 when
 * nothing regressed and every goal is met, 1 otherwise, 2 on misuse or folders that cannot be compared.
 */
final class CompareCommand implements Command {

    private static final ValueOption<String> TOLERANCES = ValueOption.text("tolerances", "FILE",
            "tolerances and thresholds over the checked-in defaults, in the form of compare-tolerances.json");
    private static final ValueOption<String> MARKDOWN = ValueOption.text("markdown", "FILE",
            "also write the comparison as a markdown table (for a pull request) to FILE");
    private static final String THRESHOLD = "threshold";

    private final PrintStream out;
    private final PrintStream err;

    CompareCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public String name() {
        return "compare";
    }

    @Override
    public String summary() {
        return "compare a run with a baseline, cell by cell, within tolerances; exit 1 on a regression";
    }

    @Override
    public List<String> operands() {
        return List.of("BASELINE", "CURRENT");
    }

    @Override
    public String footer() {
        return """

                BASELINE and CURRENT are folders written by harness run with the same servers and scenarios.
                Each metric of each cell is judged against the baseline: counts (context switches per request,
                threads, heap and RSS bytes per connection) with tight tolerances, times and rates (throughput,
                p50, p99, CPU per request) with wide ones and also as a ratio to the reference server of the
                same run (default sync-threads), which cancels a machine that is slower for every server. With
                --repeat, the repeats' ranges are compared: a regression needs the ranges apart beyond the
                tolerance, and beyond the resolution the repeats state for the figure. A cell that failed, stopped early or was overloaded is named, not judged.

                metrics: %s
                thresholds: SCENARIO.SERVER.METRIC<NUMBER (or <=, >, >=; * for any scenario or server),
                judged on the current run alone, on the highest repeat for < and the lowest for >.

                The defaults, each with its reason, are compare-tolerances.json in the harness-cli jar
                (harness-cli/src/main/resources). Exit code 0 pass, 1 a regression or a missed goal, 2 misuse
                or folders that cannot be compared (different cells, transport or load); a different machine or
                JVM is a warning.

                examples:
                  harness compare results/20261205T052113Z-ci results/20261205T060214Z-ci
                  harness compare results/20261205T052113Z-ci results/20261205T060214Z-ci --markdown compare.md
                  harness compare old new --threshold 'echo.proactor-act.p99_us<5000' --threshold '*.*.threads<300'
                  harness compare old new --tolerances my-tolerances.json
                """.formatted(Metric.keys());
    }

    @Override
    public Options options() {
        Options options = new Options();
        options.addOption(TOLERANCES.toOption());
        options.addOption(Option.builder().longOpt(THRESHOLD).hasArg().argName("EXPR")
                .desc("an absolute goal, e.g. 'echo.proactor-act.p99_us<5000'; may be repeated").build());
        options.addOption(MARKDOWN.toOption());
        options.addOption(Args.help());
        return options;
    }

    @Override
    public int run(CommandLine line) throws Exception {
        Tolerances tolerances = tolerances(line);
        List<Threshold> thresholds = new ArrayList<>(tolerances.thresholds());
        for (String text : line.getOptionValues(THRESHOLD) == null ? new String[0] : line.getOptionValues(THRESHOLD)) {
            try {
                thresholds.add(Threshold.parse(text));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--threshold: " + e.getMessage());
            }
        }
        ResultsFolder baseline = folder("BASELINE", line.getArgList().get(0));
        ResultsFolder current = folder("CURRENT", line.getArgList().get(1));
        List<String> problems = Comparability.problems(baseline, current);
        if (!problems.isEmpty()) {
            err.println("harness compare: " + baseline.dir() + " and " + current.dir() + " cannot be compared:");
            problems.forEach(p -> err.println("  " + p));
            err.println("  compare runs of the same profile, servers and scenarios (harness run --profile ...)");
            return 2;
        }
        CompareTable table;
        try {
            table = new CompareTable(baseline, current, Comparability.warnings(baseline, current),
                    Comparison.of(baseline, current, tolerances, thresholds));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        out.print(table.text());
        String markdown = MARKDOWN.value(line, null);
        if (markdown != null) {
            Files.writeString(Path.of(markdown), table.markdown());
            err.println("harness compare: wrote " + markdown);
        }
        return table.fails() ? 1 : 0;
    }

    private static Tolerances tolerances(CommandLine line) throws UsageException, IOException {
        String file = TOLERANCES.value(line, null);
        if (file == null) {
            return Tolerances.defaults();
        }
        if (!Files.isRegularFile(Path.of(file))) {
            throw new UsageException("--tolerances: no file " + file);
        }
        try {
            return Tolerances.defaultsAnd(Path.of(file));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--tolerances " + e.getMessage());
        }
    }

    private static ResultsFolder folder(String operand, String path) throws UsageException, IOException {
        if (!Files.isDirectory(Path.of(path))) {
            throw new UsageException(operand + ": no folder " + path);
        }
        try {
            return ResultsFolder.read(Path.of(path));
        } catch (IllegalArgumentException e) {
            throw new UsageException(operand + ": " + e.getMessage());
        }
    }
}
