package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The report of a published pinning run (README, "Pinning"): its echo-cost table leads with what each server paid
 * per request, then p99; a table whose cells ran on a busy machine says so in one line; and {@code meta.json}
 * keeps the {@code --cpus} of the run.
 */
class EchoCostReportTest {

    private static final String PINNED = "20261205T054141Z-pinned-4";
    private static final List<String> SERVERS = List.of("proactor-act", "sync-threads", "virtual-threads");

    @Test
    void echoCostLeadsWithTheServersCostsAndABusyMachineIsOneNote() throws IOException {
        Path dir = PublishedRunsTest.results().resolve(PINNED);
        RunMeta meta = RunMeta.fromJson(PublishedRunsTest.read(dir.resolve("meta.json")));
        List<Scenario> scenarios = List.of(Scenario.echo(100), Scenario.echoCost(100, Scenario.ECHO_COST_RATE));
        List<Cell> cells = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            for (String server : SERVERS) {
                cells.add(PublishedRunsTest.cell(server, scenario, dir.resolve(server).resolve(scenario.name())));
            }
        }
        String report = Report.markdown(meta, SERVERS, scenarios, cells);
        String cost = report.substring(report.indexOf("## echo-cost"));
        List<String> rows = cost.lines().filter(l -> l.startsWith("| ")).map(l -> l.substring(2, l.indexOf(" |", 2))).toList();
        assertEquals(List.of("metric", "status", "server CPU µs / request", "server context switches / request",
                "latency p99, µs", "throughput, req/s (higher is better)"), rows.subList(0, 6), cost);
        String echo = report.substring(report.indexOf("## echo —"), report.indexOf("## echo-cost"));
        assertEquals(1, echo.lines().filter(l -> l.startsWith("**Machine busy**")).count(), echo);
        assertTrue(echo.contains("| machine CPU busy, % of all cores |"), echo);
    }

    @Test
    void metaJsonKeepsThePinning() throws IOException {
        RunMeta meta = RunMeta.fromJson(PublishedRunsTest.read(PublishedRunsTest.results().resolve(PINNED).resolve("meta.json")));
        assertEquals(new CpuPinning("0", "1"), meta.cpus());
    }
}
