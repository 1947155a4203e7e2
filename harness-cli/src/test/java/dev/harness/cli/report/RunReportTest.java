package dev.harness.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.measure.JsonReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code harness report} draws from a run folder, and that it can run again on the same folder. */
class RunReportTest {

    @TempDir
    Path dir;

    @Test
    void everyQuestionTheRunHasDataForGetsAChartWithItsSeriesDrawn() throws IOException {
        List<String> charts = RunReport.write(RunFixture.write(dir));

        assertEquals(List.of("sweep-breaking-point-p99", "sweep-breaking-point-heap", "latency-spectrum-echo",
                "latency-over-time-echo", "server-cpu-per-request", "server-ctx-per-request", "memory-per-connection"),
                charts);
        for (String chart : charts) {
            String svg = Files.readString(dir.resolve("charts").resolve(chart + ".svg"), StandardCharsets.UTF_8);
            assertTrue(svg.startsWith("<?xml") && svg.contains("<svg"), chart);
            assertTrue(svg.contains("stroke:rgb(31,119,180)") || svg.contains("fill:rgb(31,119,180)"),
                    chart + ": the first series is drawn in its colour");
        }
    }

    @Test
    void aStallIsTheLargestLatencyOfItsIntervalOnTheTimeChart() throws IOException {
        RunFixture.write(dir);
        Path log = dir.resolve("b").resolve("echo").resolve("histograms.hlog");
        LatencyLog read = LatencyLog.read(log, "latency");
        assertEquals(4, read.intervals().size());
        assertEquals(2.0, read.intervals().get(2).startS(), 1e-9);
        assertEquals(RunFixture.STALL_NS, read.intervals().get(2).maxNs(), RunFixture.STALL_NS / 1000.0);
        assertTrue(read.intervals().get(1).maxNs() < 2_000_000L, "the seconds around the stall stay at 1 ms");
        Histogram total = read.total();
        assertEquals(4001, total.getTotalCount(), "the whole log is the exact sum of its intervals");
    }

    @Test
    void aCellIsLabelledByRunsVerdictNotByItsLoadsOwnStatus() {
        assertEquals("overloaded", Figures.status(summary("{\"status\": \"overloaded\", \"cell\": {\"status\": \"overloaded\"}}")));
        assertEquals("ok", Figures.status(summary("{\"status\": \"overloaded\"}")), "a load status run did not judge");
        assertEquals("partial", Figures.status(summary("{\"partial\": true}")));
    }

    private static JsonFields summary(String json) {
        return JsonFields.of(JsonReader.read(json));
    }

    @Test
    void runningAgainReplacesTheChartsSectionInsteadOfAddingOne() throws IOException {
        RunFixture.write(dir);
        Files.writeString(dir.resolve("report.md"), "# Comparison run\n\n| metric | a |\n|---|---:|\n| x | 1 |\n");
        RunReport.write(dir);
        RunReport.write(dir);

        String md = Files.readString(dir.resolve("report.md"), StandardCharsets.UTF_8);
        assertTrue(md.startsWith("# Comparison run\n\n| metric | a |"), "the run's own report is kept");
        assertEquals(md.indexOf(RunReport.CHARTS_MARK), md.lastIndexOf(RunReport.CHARTS_MARK), "one charts section");
        assertTrue(md.contains("![echo: latency by percentile](charts/latency-spectrum-echo.svg)"));
        assertTrue(md.contains("Measured by `harness run --name fixture` at commit 0123456789ab"), md);

        String html = Files.readString(dir.resolve("report.html"), StandardCharsets.UTF_8);
        assertFalse(html.contains("<img"), "every chart is inlined");
        assertFalse(html.contains("<?xml"), "inlined as elements, not as documents");
        assertEquals(7, html.split("<figure class=\"chart\">", -1).length - 1);
        assertTrue(html.contains("<table>"), "report.md's tables are rendered");
    }
}
