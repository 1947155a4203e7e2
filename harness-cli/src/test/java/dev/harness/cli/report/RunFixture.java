package dev.harness.cli.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * A run folder as {@code harness run} writes it, made by hand: two servers, an open-loop scenario whose logs
 * hold known latencies (one server stalls in its third second), an idle-connections scenario and a
 * breaking-point climb.
 */
final class RunFixture {

    /** The stall: server {@code b}'s largest latency, in its third interval. */
    static final long STALL_NS = 900_000_000L;

    private RunFixture() {
    }

    static Path write(Path dir) throws IOException {
        Files.writeString(dir.resolve("meta.json"), """
                {"command": "harness run --name fixture", "profile": "quick", "start": "2026-12-05T07:00:00Z",
                 "jdk": {"version": "25"}, "machine": {"os": "Linux", "kernel": "6.1", "cores": 2},
                 "git": {"commit": "0123456789abcdef", "dirty": false}}
                """);
        for (String server : new String[] {"a", "b"}) {
            Path echo = Files.createDirectories(dir.resolve(server).resolve("echo"));
            Files.writeString(echo.resolve("summary.json"), """
                    {"status": "ok", "throughput_rps": 1000,
                     "server": {"cpu_us_per_request": %s, "ctx_switches_per_request": %s}}
                    """.formatted(server.equals("a") ? "20.5" : "41.0", server.equals("a") ? "0.1" : "1.0"));
            writeLog(echo.resolve("histograms.hlog"), server.equals("b"));
            Path idle = Files.createDirectories(dir.resolve(server).resolve("idle-connections"));
            Files.writeString(idle.resolve("summary.json"), """
                    {"partial": false, "server": {"memory": {"heap_bytes_per_connection": %s,
                     "rss_bytes_per_connection": %s}}}
                    """.formatted(server.equals("a") ? "338" : "915", server.equals("a") ? "470" : "2100"));
        }
        Path climb = Files.createDirectories(dir.resolve("a").resolve("breaking-point"));
        Files.writeString(climb.resolve("summary.json"), """
                {"steps": [
                  {"connections": 1000, "status": "ok", "latency_p99_us": 4000, "heap_bytes_per_connection": 9000},
                  {"connections": 2000, "status": "overloaded", "latency_p99_us": 900000, "heap_bytes_per_connection": 9100},
                  {"connections": 4000, "status": "failed"}]}
                """);
        return dir;
    }

    /** Four one-second intervals of 1 ms latencies; with {@code stall}, the third holds one {@link #STALL_NS}. */
    private static void writeLog(Path file, boolean stall) throws IOException {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), true, StandardCharsets.UTF_8)) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputLogFormatVersion();
            writer.outputStartTime(1_000_000L);
            writer.setBaseTime(1_000_000L);
            writer.outputLegend();
            for (int second = 0; second < 4; second++) {
                Histogram latency = new Histogram(3);
                latency.recordValueWithCount(1_000_000L, 1000);
                if (stall && second == 2) {
                    latency.recordValue(STALL_NS);
                }
                latency.setStartTimeStamp(1_000_000L + second * 1000L);
                latency.setEndTimeStamp(1_000_000L + (second + 1) * 1000L);
                latency.setTag("latency");
                writer.outputIntervalHistogram(latency);
            }
        }
    }
}
