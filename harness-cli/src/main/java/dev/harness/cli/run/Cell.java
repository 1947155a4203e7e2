package dev.harness.cli.run;

import dev.harness.cli.measure.ServerReport;
import dev.harness.load.LoadResult;
import dev.harness.load.record.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one server × scenario: its summary and its verdict, together the content of the
 * {@code summary.json} in its folder.
 *
 * @param server   the server's name
 * @param scenario the scenario
 * @param verdict  ok, partial or failed, and why
 * @param summary  what it measured
 */
public record Cell(String server, Scenario scenario, Verdict verdict, CellSummary summary) {

    /** A cell whose server never ran (or whose JVM left no summary), judged by {@code verdict}. */
    static Cell notRun(String server, Scenario scenario, Verdict verdict) {
        return new Cell(server, scenario, verdict, new CellSummary.NotRun(new ServerReport.Unstarted(server)));
    }

    public boolean ok() {
        return verdict.ok();
    }

    public CellStatus status() {
        return verdict.status();
    }

    /** Why it is not ok, or null. */
    public String reason() {
        return verdict.reason();
    }

    /** Why it failed, classified; null unless failed. */
    FailureCause cause() {
        return verdict.cause();
    }

    /**
     * The summary of a load that ran (of its one repeat, for an aggregate of one); null for a cell whose server
     * did not run, a breaking-point climb, or an aggregate of several repeats.
     */
    CellSummary.Measured measured() {
        return switch (summary) {
            case CellSummary.Measured m -> m;
            case Repeats.Aggregate a when a.repeats().n() == 1 -> a.cells().getFirst().measured();
            default -> null;
        };
    }

    /** The cells it was measured in: each repeat of an aggregate, else itself. */
    List<Cell> runs() {
        return summary instanceof Repeats.Aggregate a ? a.cells() : List.of(this);
    }

    /** The content of summary.json: the summary, then a {@code cell} object when the cell is not ok. */
    Map<String, Object> json() {
        Map<String, Object> json = summary.toJson();
        if (!ok()) {
            json.put("cell", verdict.toJson());
        }
        return json;
    }

    /** Writes {@code summary.json} into {@code dir}, atomically. */
    Cell write(Path dir) throws IOException {
        Files.createDirectories(dir);
        LoadResult.writeAtomically(dir.resolve(LoadResult.SUMMARY_FILE), Json.write(json()).getBytes(StandardCharsets.UTF_8));
        return this;
    }
}
