package dev.harness.cli.report;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.measure.JsonReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A {@code run} folder as written on disk: {@code meta.json} and, per {@code <server>/<scenario>/}, a cell's
 * {@code summary.json} and its histogram logs: {@code histograms.hlog} beside the summary, or one per
 * {@code repeat-<r>/} when the run repeated its cells.
 *
 * @param dir   the run folder
 * @param meta  its meta.json
 * @param cells its cells, by server name, then by scenario name
 */
public record RunFolder(Path dir, JsonFields meta, List<Cell> cells) {

    private static final Pattern TRAILING_NUMBER = Pattern.compile("(.*?)(\\d{1,18})");

    /**
     * One cell of the run.
     *
     * @param server   the server's name
     * @param scenario the scenario's name
     * @param summary  its summary.json
     * @param hlogs    its histogram logs, repeat 1 first; empty for cells that record none
     */
    public record Cell(String server, String scenario, JsonFields summary, List<Path> hlogs) {
    }

    /**
     * Reads the folder.
     *
     * @throws IllegalArgumentException when it is not a run folder (no meta.json), naming what is missing
     */
    public static RunFolder read(Path dir) {
        Path metaFile = dir.resolve("meta.json");
        if (!Files.isRegularFile(metaFile)) {
            throw new IllegalArgumentException(dir + " is not a run folder: it has no meta.json (harness run writes one)");
        }
        JsonFields meta = json(metaFile);
        List<Cell> cells = new ArrayList<>();
        for (Path serverDir : children(dir)) {
            for (Path cellDir : children(serverDir)) {
                Path summary = cellDir.resolve("summary.json");
                if (Files.isRegularFile(summary)) {
                    cells.add(new Cell(serverDir.getFileName().toString(), cellDir.getFileName().toString(),
                            json(summary), hlogs(cellDir)));
                }
            }
        }
        if (cells.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no cell: no <server>/<scenario>/summary.json");
        }
        return new RunFolder(dir, meta, List.copyOf(cells));
    }

    /** The scenarios, in the order their cells were found. */
    public List<String> scenarios() {
        return cells.stream().map(Cell::scenario).distinct().toList();
    }

    /** The cells of one scenario, in server order. */
    public List<Cell> cellsOf(String scenario) {
        return cells.stream().filter(c -> c.scenario().equals(scenario)).toList();
    }

    private static List<Path> hlogs(Path cellDir) {
        Path own = cellDir.resolve("histograms.hlog");
        if (Files.isRegularFile(own)) {
            return List.of(own);
        }
        return children(cellDir).stream()
                .filter(d -> d.getFileName().toString().startsWith("repeat-"))
                .map(d -> d.resolve("histograms.hlog"))
                .filter(Files::isRegularFile)
                .toList();
    }

    /** Sub-folders by name, a trailing number compared as a number (repeat-2 before repeat-10). */
    private static List<Path> children(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(Files::isDirectory)
                    .sorted(Comparator.comparing((Path p) -> prefix(p)).thenComparingLong(RunFolder::number))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String prefix(Path p) {
        Matcher m = TRAILING_NUMBER.matcher(p.getFileName().toString());
        return m.matches() ? m.group(1) : p.getFileName().toString();
    }

    private static long number(Path p) {
        Matcher m = TRAILING_NUMBER.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(2)) : 0;
    }

    private static JsonFields json(Path file) {
        try {
            JsonFields value = JsonFields.of(JsonReader.read(Files.readString(file, StandardCharsets.UTF_8)));
            if (value == null) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
