package dev.harness.cli.run;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.measure.JsonReader;
import java.util.Locale;

/** Cells for tests of the report and the aggregates: a load or an idle hold, with only the figures they read. */
final class Cells {

    private Cells() {
    }

    /** An echo cell of {@code server} over tcp with this throughput and p99. */
    static Cell load(String server, double throughput, double p99Micros, Verdict verdict) {
        String json = String.format(Locale.ROOT, """
                {"mode": "closed loop", "throughput_rps": %s, "latency_us": {"p50": 100, "p99": %s},
                 "server": {"name": "%s", "transport": "tcp", "pid": 1, "jvm_flags": []}}""", throughput, p99Micros, server);
        return new Cell(server, Scenario.echo(10), verdict, CellSummary.Measured.fromJson(JsonFields.of(JsonReader.read(json))));
    }

    /** An idle-connections cell of {@code server} over {@code transport} holding {@code held} connections. */
    static Cell idle(String server, String transport, int held, double heapPerConnection, double rssPerConnection) {
        String json = String.format(Locale.ROOT, """
                {"mode": "open loop", "throughput_rps": 20000, "connections": {"opened": %d, "used": %d},
                 "server": {"name": "%s", "transport": "%s", "pid": 1, "jvm_flags": [], "thread_groups": null,
                  "memory": {"connections_held": %d, "heap_bytes_per_connection": %s, "rss_bytes_per_connection": %s,
                   "threads": 20, "heap_bytes_before": 1, "heap_bytes_held": 1, "rss_bytes_before": 1,
                   "rss_bytes_held": 1, "threads_before": 20, "heap_source": "test", "settle_ms": 0}}}""",
                held, held, server, transport, held, heapPerConnection, rssPerConnection);
        return new Cell(server, Scenario.idleConnections(held), Verdict.OK,
                CellSummary.Measured.fromJson(JsonFields.of(JsonReader.read(json))));
    }
}
