package dev.harness.cli;

import dev.harness.cli.options.UsageException;
import dev.harness.cli.report.RunReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** {@code harness report RESULTS_DIR}: a run folder's charts, report.md's charts section and report.html. */
final class ReportCommand implements Command {

    private final PrintStream out;

    ReportCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "draw a run folder's charts (SVG) into report.md and a self-contained report.html";
    }

    @Override
    public List<String> operands() {
        return List.of("RESULTS_DIR");
    }

    @Override
    public String footer() {
        return """

                examples:
                  harness report results/20261205T071136Z-quick

                RESULTS_DIR is a folder that harness run wrote (it holds meta.json). Writes into it:
                charts/<name>.svg, one chart per question: each scenario's latency by percentile on a log
                "nines" axis and its latency over time (max and p99 per second, from histograms.hlog), server
                CPU and context switches per request, server memory per held connection, and p99 and heap per
                connection against connections for a breaking-point sweep; a "Charts" section at the end of
                report.md linking them, each captioned with the run's command and metadata; and report.html,
                report.md with the charts inlined, which opens offline. harness run does this at its end.
                Running it again replaces what it wrote. Exit code 0, or 2 when RESULTS_DIR is not a run folder.
                """;
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public int run(CommandLine line) throws Exception {
        Path dir = Path.of(line.getArgList().get(0));
        if (!Files.isDirectory(dir)) {
            throw new UsageException("RESULTS_DIR " + dir + " is not a folder");
        }
        List<String> charts;
        try {
            charts = RunReport.write(dir);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        out.println("harness report: " + charts.size() + " charts in " + dir.resolve("charts") + "; "
                + dir.resolve("report.md") + " and " + dir.resolve("report.html") + " written");
        return 0;
    }
}
