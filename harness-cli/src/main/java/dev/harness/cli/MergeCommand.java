package dev.harness.cli;

import dev.harness.cli.merge.Merge;
import dev.harness.cli.options.Args;
import dev.harness.cli.options.ValueOption;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code harness merge DIR...}: the results of generators that ran one load together ({@code harness load
 * --index I --of N --start-at T}) made into the one result a single generator would have written: one
 * summary.json and one histograms.hlog in {@code --out} ({@link Merge}). Exit 0 when merged, 2 on misuse
 * (folders that are not load results, or results of different loads).
 */
final class MergeCommand implements Command {

    private static final ValueOption<String> OUT = ValueOption.text("out", "DIR",
            "where the merged summary.json and histograms.hlog go (default merged-results)");

    private final PrintStream out;

    MergeCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "merge";
    }

    @Override
    public String summary() {
        return "merge the results of generators run together (--index/--of/--start-at) into one";
    }

    @Override
    public List<String> operands() {
        return List.of("DIR", "DIR...");
    }

    @Override
    public String footer() {
        return """

                Each DIR is the --out folder of one generator of a load shared with --index I --of N and started
                with one --start-at. The histograms are added per interval and tag (exact: counts add, percentiles
                are read from the sum, never averaged); requests, connections and errors by kind add; throughput
                adds over the common window (the latest start to the earliest end); the clock object states the
                largest clock offset of any generator (unknown if any is unknown). The merged summary.json has
                the shape of one generator's, plus "merge": the parts, each with its window, clock and machine,
                and the spread of their window starts. Results of different loads (other rate, connections,
                threads, start instant...) are refused; a missing index makes the merge partial.

                examples:
                  harness merge gen-0 gen-1 gen-2 gen-3 --out merged
                  harness merge results/k8s-run/gen-* --out results/k8s-run/merged
                """;
    }

    @Override
    public Options options() {
        Options options = new Options();
        options.addOption(OUT.toOption());
        options.addOption(Args.help());
        return options;
    }

    @Override
    public int run(CommandLine line) throws Exception {
        Path dir = Path.of(OUT.value(line, "merged-results"));
        List<Path> parts = line.getArgList().stream().map(Path::of).toList();
        Merge merge = Merge.read(parts);
        merge.writeTo(dir);
        out.print(merge.humanSummary());
        out.println("  merged results in " + dir.resolve("summary.json") + " and " + dir.resolve("histograms.hlog"));
        return 0;
    }
}
