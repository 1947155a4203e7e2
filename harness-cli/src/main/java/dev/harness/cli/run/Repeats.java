package dev.harness.cli.run;

import dev.harness.cli.measure.JsonFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The repeats of one server × scenario in a {@code harness run --repeat N}: each repeat's status and folder,
 * and every report metric's {@link Spread} over them — the {@code repeats} object of the cell's aggregate
 * {@code summary.json} ({@code results/README.md}). A metric's values come from every repeat that measured
 * it (a failed repeat has none); the aggregate's own status is its first repeat that was not ok, so a cell
 * is ok, and can be ranked, only when every repeat was.
 *
 * @param n       the repeats the run asked for
 * @param runs    each repeat that ran, in order
 * @param metrics the spread of each metric with a value in at least one repeat, by {@link Metric#key()}
 */
record Repeats(int n, List<Run> runs, Map<String, Spread> metrics) {

    Repeats {
        runs = List.copyOf(runs);
        metrics = new LinkedHashMap<>(metrics);
    }

    /**
     * One repeat.
     *
     * @param repeat its number, from 1
     * @param status how it ended
     * @param path   its folder, relative to the aggregate's ({@code repeat-R}; {@code .} when the run had one)
     */
    record Run(int repeat, CellStatus status, String path) {
    }

    /**
     * The aggregate cell's summary: the repeats and their spreads. With one repeat, its files are the
     * aggregate's own folder and the summary is that repeat's with {@code repeats} added; with more, it holds
     * the server's name and {@code repeats} only, and each repeat's files are in its folder.
     *
     * @param server  the server's name
     * @param cells   each repeat's cell, in order
     * @param repeats their spreads
     */
    record Aggregate(String server, List<Cell> cells, Repeats repeats) implements CellSummary {

        Aggregate {
            cells = List.copyOf(cells);
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> json = repeats.n() == 1 ? cells.getFirst().json()
                    : JsonFields.objectOf("server", JsonFields.objectOf("name", server));
            json.remove("cell");
            json.put("repeats", repeats.toJson());
            return json;
        }
    }

    /** The folder of repeat {@code repeat} of a run of {@code n}, relative to the aggregate's. */
    static String path(int repeat, int n) {
        return n == 1 ? "." : "repeat-" + repeat;
    }

    /**
     * The aggregate of {@code cells}, the repeats of one server × scenario that ran (at least one), of a run of
     * {@code n}: its verdict is the first repeat's that was not ok, named by its repeat.
     */
    static Cell aggregate(List<Cell> cells, int n) {
        Cell first = cells.getFirst();
        List<Run> runs = new ArrayList<>();
        Verdict verdict = Verdict.OK;
        for (int r = 0; r < cells.size(); r++) {
            Cell cell = cells.get(r);
            runs.add(new Run(r + 1, cell.status(), path(r + 1, n)));
            if (verdict.ok() && !cell.ok()) {
                Verdict v = cell.verdict();
                verdict = new Verdict(v.status(), n == 1 ? v.reason() : "repeat " + (r + 1) + ": " + v.reason(),
                        v.failedAtConnections(), v.cause());
            }
        }
        if (verdict.ok() && cells.size() < n) {
            verdict = Verdict.partial(cells.size() + " of " + n + " repeats ran");
        }
        Map<String, Spread> metrics = new LinkedHashMap<>();
        for (Metric metric : Metric.of(first.scenario())) {
            List<Double> values = new ArrayList<>();
            Double resolution = null;
            for (Cell cell : cells) {
                CellSummary.Measured measured = cell.status() == CellStatus.FAILED ? null : cell.measured();
                Double v = measured == null ? null : metric.value().apply(measured);
                if (v != null) {
                    values.add(v);
                    Double r = metric.resolutionOf(measured);
                    if (r != null && (resolution == null || r > resolution)) {
                        resolution = r;
                    }
                }
            }
            if (!values.isEmpty()) {
                metrics.put(metric.key(), Spread.of(values, resolution));
            }
        }
        Repeats repeats = new Repeats(n, runs, metrics);
        return new Cell(first.server(), first.scenario(), verdict, new Aggregate(first.server(), cells, repeats));
    }

    /** The {@code repeats} object. */
    Map<String, Object> toJson() {
        Map<String, Object> spreads = new LinkedHashMap<>();
        metrics.forEach((key, spread) -> spreads.put(key, spread.toJson()));
        return JsonFields.objectOf("n", n, "runs", runs.stream().map(r -> JsonFields.objectOf("repeat", r.repeat(),
                "status", r.status().jsonName(), "path", r.path())).toList(), "metrics", spreads);
    }

    /** The {@code repeats} object {@link #toJson()} wrote. */
    static Repeats fromJson(JsonFields json) {
        List<Run> runs = json.objects("runs").stream().map(r -> new Run(r.integer("repeat"),
                CellStatus.fromJson(r.text("status")), r.text("path"))).toList();
        Map<String, Spread> metrics = new LinkedHashMap<>();
        JsonFields spreads = json.object("metrics");
        for (String key : spreads.map().keySet()) {
            metrics.put(key, Spread.fromJson(spreads.object(key)));
        }
        return new Repeats(json.integer("n"), runs, metrics);
    }
}
