package dev.harness.cli.compare;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.measure.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A folder that {@code harness run} wrote, as {@code harness compare} reads it: its {@code meta.json} and,
 * for every {@code <server>/<scenario>/} folder, the cell's {@code summary.json} and whether the cell is fit
 * to compare.
 *
 * @param dir   the folder
 * @param meta  its meta.json
 * @param cells every cell, by scenario then server, both in name order
 */
public record ResultsFolder(Path dir, JsonFields meta, Map<String, Map<String, Cell>> cells) {

    /**
     * One server × scenario.
     *
     * @param summary its summary.json; null when the cell left none
     * @param notOk   why it is not fit for a regression check (failed, partial, overloaded — a top-level
     *                {@code status} other than ok, or, in a summary older than that field, a saturated
     *                generator —, a repeat not ok, more connections held than opened); null when it is
     */
    public record Cell(String scenario, String server, JsonFields summary, String notOk) {

        /** The metric's range, or null when the cell has no figure for it. */
        Range range(Metric metric) {
            return summary == null ? null : Repeats.range(summary, metric.path());
        }

        /** The smallest difference in the metric that means something, as the repeats state it; 0 when unknown. */
        double resolution(Metric metric) {
            Double resolution = summary == null ? null : Repeats.resolution(summary, metric.path());
            return resolution == null ? 0 : resolution;
        }
    }

    /**
     * The results folder at {@code dir}.
     *
     * @throws IllegalArgumentException when it is not one (no meta.json, no cell), saying so
     */
    public static ResultsFolder read(Path dir) throws IOException {
        Path metaFile = dir.resolve("meta.json");
        if (!Files.isRegularFile(metaFile)) {
            throw new IllegalArgumentException(dir + " is not a results folder of harness run: it has no meta.json");
        }
        JsonFields meta = json(metaFile);
        Map<String, Map<String, Cell>> cells = new TreeMap<>();
        for (Path serverDir : subfolders(dir)) {
            for (Path scenarioDir : subfolders(serverDir)) {
                Cell cell = cell(scenarioDir.getFileName().toString(), serverDir.getFileName().toString(), scenarioDir);
                cells.computeIfAbsent(cell.scenario(), s -> new TreeMap<>()).put(cell.server(), cell);
            }
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no <server>/<scenario>/ cell");
        }
        return new ResultsFolder(dir, meta, cells);
    }

    /** Every {@code scenario/server} pair, in order. */
    public List<String> cellNames() {
        List<String> names = new ArrayList<>();
        cells.forEach((scenario, byServer) -> byServer.keySet().forEach(server -> names.add(scenario + "/" + server)));
        return names;
    }

    private static Cell cell(String scenario, String server, Path dir) throws IOException {
        Path file = dir.resolve("summary.json");
        if (!Files.isRegularFile(file)) {
            return new Cell(scenario, server, null, "no summary.json: the cell did not finish");
        }
        JsonFields summary = json(file);
        return new Cell(scenario, server, summary, notOk(summary));
    }

    private static String notOk(JsonFields summary) {
        JsonFields cell = summary.object("cell");
        if (cell != null && cell.text("status") != null && !cell.text("status").equals("ok")) {
            return cell.text("status") + (cell.text("reason") == null ? "" : ": " + cell.text("reason"));
        }
        if (Boolean.TRUE.equals(summary.flag("partial"))) {
            return "partial";
        }
        Double held = summary.number("server", "memory", "connections_held");
        Double opened = summary.number("connections", "opened");
        if (held != null && opened != null && held > opened) {
            return "not valid: the server was read holding " + held.longValue() + " connections of " + opened.longValue()
                    + " opened, so its per-connection figures are wrong";
        }
        // The load's own status (ok or overloaded) is run's to judge, per scenario: run writes "cell" when it
        // counts (open loop), and leaves it out where it does not (an idle-connections cell's memory is read
        // before its request phase). Summaries from before "status" existed are judged by their generator.
        JsonFields generator = summary.object("generator");
        if (!summary.has("status") && generator != null && Boolean.TRUE.equals(generator.flag("saturated"))) {
            return "overloaded: the generator was saturated (" + String.join("; ", generator.texts("saturation_reasons")) + ")";
        }
        return Repeats.notOk(summary);
    }

    private static JsonFields json(Path file) throws IOException {
        try {
            JsonFields json = JsonFields.of(JsonReader.read(Files.readString(file)));
            if (json == null) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return json;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> subfolders(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory).sorted().toList();
        }
    }
}
