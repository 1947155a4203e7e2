package dev.harness.cli.compare;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small results folder written the way {@code harness run} writes one: {@code meta.json} and a
 * {@code <server>/<scenario>/summary.json} per cell with the fields {@code harness compare} reads. Every cell
 * starts from the same figures; a test changes the ones it is about, then {@link #write()}s.
 */
public final class ResultsFixture {

    public static final List<String> SERVERS = List.of("proactor-act", "sync-threads", "virtual-threads");

    private final Path dir;
    private final Map<String, Map<String, String>> cells = new LinkedHashMap<>();
    private final Map<String, String> extra = new LinkedHashMap<>();
    private String kernel = "6.18.44";

    private ResultsFixture(Path dir) {
        this.dir = dir;
    }

    /** Every server × echo and idle-connections, with the same figures. */
    public static ResultsFixture of(Path dir) {
        ResultsFixture fixture = new ResultsFixture(dir);
        for (String server : SERVERS) {
            fixture.cells.put(server + "/echo", new LinkedHashMap<>(Map.of(
                    "throughput_rps", "50000", "p50", "200", "p99", "2000", "cpu", "20", "ctx", "0.5", "threads", "25")));
            fixture.cells.put(server + "/idle-connections", new LinkedHashMap<>(Map.of(
                    "throughput_rps", "20000", "p50", "300", "p99", "9000", "cpu", "30", "ctx", "0.5", "threads", "25",
                    "heap", "1000", "rss", "4000", "held", "200")));
        }
        return fixture;
    }

    /** Sets one figure ({@code throughput_rps}, {@code p50}, {@code p99}, {@code cpu}, {@code ctx}, {@code threads},
     * {@code heap}, {@code rss}, {@code held}) of the cell {@code server/scenario}. */
    public ResultsFixture set(String cell, String figure, double value) {
        cells.get(cell).put(figure, String.format(Locale.ROOT, "%s", value));
        return this;
    }

    /** Adds JSON text as top-level fields of a cell's summary ({@code "status": "overloaded"}). */
    public ResultsFixture with(String cell, String fields) {
        extra.merge(cell, fields, (a, b) -> a + ", " + b);
        return this;
    }

    /** Gives a cell {@code repeats} as {@code harness run --repeat} writes them, for one metric. */
    public ResultsFixture repeats(String cell, String path, double min, double median, double max) {
        return with(cell, String.format(Locale.ROOT, """
                "repeats": {"n": 3, "runs": [{"repeat": 1, "status": "ok", "path": "repeat-1"}],
                 "metrics": {"%s": {"median": %s, "min": %s, "max": %s, "values": [%s, %s, %s]}}}""",
                path, median, min, max, min, median, max));
    }

    public ResultsFixture without(String cell) {
        cells.remove(cell);
        return this;
    }

    public ResultsFixture kernel(String name) {
        kernel = name;
        return this;
    }

    public Path write() {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("meta.json"), """
                    {"command": "harness run --profile ci", "profile": "ci", "transport": "tcp", "start": "2026-12-05T05:21:13Z",
                     "jdk": {"vendor": "Eclipse Adoptium", "version": "25.0.3+9-LTS"},
                     "server_jvm_flags": ["-Xms256m"],
                     "machine": {"os": "Linux", "kernel": "%s", "arch": "amd64", "cores": 2, "memory_bytes": 25276157952},
                     "git": {"commit": "057c60aa5e6d6db3950aab916d61ec31d3f468f7", "dirty": false}}
                    """.formatted(kernel));
            for (var cell : cells.entrySet()) {
                Path cellDir = Files.createDirectories(dir.resolve(cell.getKey()));
                Files.writeString(cellDir.resolve("summary.json"), summary(cell.getKey(), cell.getValue()));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String summary(String cell, Map<String, String> f) {
        String memory = f.containsKey("heap")
                ? ", \"memory\": {\"connections_held\": " + f.get("held") + ", \"heap_bytes_per_connection\": " + f.get("heap") + ", \"rss_bytes_per_connection\": "
                + f.get("rss") + ", \"threads\": " + f.get("threads") + "}"
                : "";
        return """
                {"mode": "closed loop", "throughput_rps": %s, "latency_us": {"p50": %s, "p99": %s},
                 "config": {"workload": "echo", "connections": 10}, "connections": {"opened": 200},
                 "partial": false, %s
                 "server": {"name": "%s", "cpu_us_per_request": %s, "ctx_switches_per_request": %s, "threads": %s%s}}
                """.formatted(f.get("throughput_rps"), f.get("p50"), f.get("p99"), extra.containsKey(cell) ? extra.get(cell) + "," : "",
                cell.substring(0, cell.indexOf('/')), f.get("cpu"), f.get("ctx"), f.get("threads"), memory);
    }
}
