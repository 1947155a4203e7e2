package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.measure.JsonReader;
import dev.harness.load.record.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runs published in {@code results/} read back into the run's records: each {@code summary.json} and
 * {@code meta.json} is written again to the same text, and the cells render to the same {@code report.md}.
 */
class PublishedRunsTest {

    /** The repository's {@code results/}, found from the module's folder upwards. */
    static Path results() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("results")) && Files.isRegularFile(dir.resolve("results/README.md"))) {
                return dir.resolve("results");
            }
        }
        throw new IllegalStateException("no results/ at or above " + Path.of("").toAbsolutePath());
    }

    /** Each published run with its servers and scenarios, in the order its command gave them. */
    static Stream<Arguments> runs() {
        return Stream.of(
                Arguments.of("20261123T165938Z-million", List.of("virtual-threads", "proactor-act"),
                        List.of(Scenario.idleConnections(1_000_000))),
                Arguments.of("20261123T165357Z-tcp-15k", List.of("virtual-threads", "proactor-act"),
                        List.of(Scenario.idleConnections(15_000))),
                Arguments.of("20261123T165535Z-breaking-tcp", List.of("sync-threads"), List.of(Scenario.breakingPoint(32_000))),
                Arguments.of("20261123T170614Z-breaking-mem", List.of("sync-threads"), List.of(Scenario.breakingPoint(64_000))));
    }

    static JsonFields read(Path file) throws IOException {
        return JsonFields.of(JsonReader.read(Files.readString(file, StandardCharsets.UTF_8)));
    }

    /** A cell's summary.json as the run's records, checked to write back to the same text. */
    static Cell cell(String server, Scenario scenario, Path dir) throws IOException {
        Path file = dir.resolve("summary.json");
        JsonFields json = read(file);
        CellSummary summary = scenario.kind() == Scenario.Kind.BREAKING_POINT ? BreakingPoint.Summary.fromJson(json)
                : json.has("mode") ? CellSummary.Measured.fromJson(json)
                : Cell.notRun(server, scenario, Verdict.OK).summary();
        Cell cell = new Cell(server, scenario, Verdict.fromJson(json), summary);
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), Json.write(cell.json()), file + " written again");
        return cell;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void readsBackAndRendersToTheSameReport(String run, List<String> servers, List<Scenario> scenarios) throws IOException {
        Path dir = results().resolve(run);
        Path metaFile = dir.resolve("meta.json");
        RunMeta meta = RunMeta.fromJson(read(metaFile));
        assertEquals(Files.readString(metaFile, StandardCharsets.UTF_8), Json.write(meta.toJson()), "meta.json written again");
        List<Cell> cells = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            for (String server : servers) {
                Path cellDir = dir.resolve(server).resolve(scenario.name());
                cells.add(cell(server, scenario, cellDir));
                if (scenario.kind() == Scenario.Kind.BREAKING_POINT) {
                    for (BreakingPoint.StepRow step : ((BreakingPoint.Summary) cells.getLast().summary()).steps()) {
                        Path stepDir = cellDir.resolve(Integer.toString(step.connections()));
                        assertTrue(Files.isDirectory(stepDir), stepDir.toString());
                        cell(server, Scenario.breakingPointStep(step.connections()), stepDir);
                    }
                }
            }
        }
        assertEquals(Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8), Report.markdown(meta, servers, scenarios, cells));
    }
}
