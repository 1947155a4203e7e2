package dev.harness.cli.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code report.md} of a run: one table per scenario, servers as columns, metrics as rows, each value
 * with its ratio to the best server's (×1.00 is the best; for "higher is better" rows the others are below
 * 1, for "lower is better" rows above). A failed cell shows its reason instead of numbers. A breaking-point
 * scenario gets one table per server instead, a row per step, under a line that names where it failed and
 * why.
 */
final class Report {

    /** Which way a metric is better; NONE shows no ratio (a count to read, not to rank). */
    private enum Better { HIGHER, LOWER, NONE }

    /** A row: its label, which way is better, and how to read it from a cell. */
    private record Metric(String label, Better better, Function<Cell, Double> value, int decimals) {
    }

    private static final List<Metric> LOAD_METRICS = List.of(
            new Metric("throughput, req/s (higher is better)", Better.HIGHER, c -> c.number("throughput_rps"), 0),
            new Metric("latency p50, µs", Better.LOWER, c -> c.number("latency_us", "p50"), 0),
            new Metric("latency p99, µs", Better.LOWER, c -> c.number("latency_us", "p99"), 0),
            new Metric("latency p99.9, µs", Better.LOWER, c -> c.number("latency_us", "p999"), 0),
            new Metric("latency max, µs", Better.LOWER, c -> c.number("latency_us", "max"), 0),
            new Metric("server context switches / request", Better.LOWER, c -> c.number("server", "ctx_switches_per_request"), 3),
            new Metric("server CPU µs / request", Better.LOWER, c -> c.number("server", "cpu_us_per_request"), 1),
            new Metric("server threads", Better.LOWER, c -> c.number("server", "threads"), 0),
            new Metric("errors + timeouts", Better.LOWER, c -> sum(c.number("requests", "errors"), c.number("requests", "timeouts")), 0),
            new Metric("out-of-order answers", Better.NONE, c -> c.number("requests", "out_of_order"), 0),
            new Metric("generator CPU µs / request", Better.LOWER, c -> c.number("generator", "cpu_us_per_request"), 1));

    private static final List<Metric> IDLE_METRICS = List.of(
            new Metric("connections opened", Better.HIGHER, c -> c.number("connections", "opened"), 0),
            new Metric("time to open them all, ms", Better.LOWER, c -> c.number("connections", "connect_all_ms"), 0),
            new Metric("server heap bytes / idle connection", Better.LOWER, c -> c.number("server", "memory", "heap_bytes_per_connection"), 0),
            new Metric("server RSS bytes / idle connection", Better.LOWER, c -> c.number("server", "memory", "rss_bytes_per_connection"), 0),
            new Metric("server threads, connections held", Better.LOWER, c -> c.number("server", "memory", "threads"), 0),
            new Metric("requests completed", Better.NONE, c -> c.number("requests", "completed"), 0),
            new Metric("connections used", Better.HIGHER, c -> c.number("connections", "used"), 0),
            new Metric("latency p50, µs", Better.LOWER, c -> c.number("latency_us", "p50"), 0),
            new Metric("latency p99, µs", Better.LOWER, c -> c.number("latency_us", "p99"), 0),
            new Metric("latency p99.9, µs", Better.LOWER, c -> c.number("latency_us", "p999"), 0),
            new Metric("latency max, µs", Better.LOWER, c -> c.number("latency_us", "max"), 0));

    private Report() {
    }

    /** The whole report, markdown. */
    static String markdown(Map<String, Object> meta, List<String> servers, List<Scenario> scenarios, List<Cell> cells) {
        StringBuilder md = new StringBuilder();
        md.append("# Comparison run\n\n");
        md.append("Command: `").append(meta.get("command")).append("`  \n");
        md.append("Profile: ").append(meta.get("profile")).append("; started ").append(meta.get("start"))
                .append(", ended ").append(meta.get("end")).append("  \n");
        if (meta.get("jdk") instanceof Map<?, ?> jdk && meta.get("machine") instanceof Map<?, ?> machine) {
            md.append("JDK: ").append(jdk.get("vendor")).append(' ').append(jdk.get("version"))
                    .append("; ").append(machine.get("cores")).append(" cores, kernel ").append(machine.get("kernel")).append("  \n");
        }
        if (meta.get("git") instanceof Map<?, ?> git && git.get("commit") != null) {
            md.append("Commit: ").append(git.get("commit")).append(Boolean.TRUE.equals(git.get("dirty")) ? " (dirty)" : "")
                    .append("  \n");
        }
        boolean mem = "mem".equals(meta.get("transport"));
        md.append(mem ? "Cell JVM flags: `" : "Server JVM flags: `").append(meta.get("server_jvm_flags")).append("`");
        if (mem && meta.get("cell_jvm") instanceof Map<?, ?> cellJvm && cellJvm.get("xmx") instanceof Map<?, ?> xmx
                && !xmx.isEmpty()) {
            md.append(", the heap sized per cell (").append(cellJvm.get("heap_rule")).append("): ")
                    .append(String.join(", ", xmx.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
        }
        if (meta.get("server_args") instanceof List<?> args && !args.isEmpty()) {
            md.append("; server options first: `").append(String.join(" ", args.stream().map(String::valueOf).toList())).append('`');
        }
        md.append("  \n");
        md.append("Transport: ").append(mem
                ? "mem — each cell in a JVM of its own, server and generator inside it over in-memory pipes; costs"
                + " attributed per thread group"
                : "tcp — each server in a JVM of its own, the generator in the run's JVM, over loopback sockets")
                .append("\n\n");
        md.append("Each value is followed by its ratio to the best server's value (×1.00 = best). ")
                .append("Latency counts from the intended send time in open-loop scenarios and from the actual send ")
                .append("in closed-loop ones. ").append(mem
                        ? "Server costs are those of the server's threads, read from /proc/self/task/* of the cell JVM"
                        + " around the measurement window (the generator's and the JVM's own threads apart).\n"
                        : "Server costs are read from /proc/PID/task/*/status around the measurement window.\n");
        for (Scenario scenario : scenarios) {
            md.append("\n## ").append(scenario.name()).append(" — ").append(scenario.description()).append("\n\n");
            Map<String, Cell> byServer = cellsOf(cells, scenario);
            switch (scenario.kind()) {
                case LOAD -> md.append(table(servers, byServer, LOAD_METRICS));
                case IDLE_CONNECTIONS -> md.append(table(servers, byServer, IDLE_METRICS)).append('\n')
                        .append(idleNote(mem, byServer.values()));
                case BREAKING_POINT -> {
                    md.append(idleNote(mem, List.of()));
                    for (String server : servers) {
                        md.append(breakingPoint(server, byServer.get(server)));
                    }
                }
            }
        }
        return md.toString();
    }

    /** What the memory rows of an idle-connections table mean, and where tcp connections came from. */
    private static String idleNote(boolean mem, Iterable<Cell> cells) {
        StringBuilder note = new StringBuilder(mem
                ? "Heap: the cell JVM's heap after a full GC, connections held, less before, per connection, less the"
                + " transport's own share (both ends of a connection held by a listener that only accepts: what tcp"
                + " keeps in the kernel); it still holds the generator's record of each connection (its 48-byte Connection object and an array slot)."
                + " RSS: the cell JVM's, generator and transport included. Server and generator share the cores and"
                + " one collector: a pause stops both, and the generator's schedule lag shows it."
                : "Heap: the server JVM's heap after `jcmd GC.run`, connections held, less before, per connection;"
                + " RSS and threads from /proc/PID. The kernel's socket memory is in neither.");
        note.append(" Threads: the server's while the connections were held. Requests: ECHO 16 B over every connection,"
                + " open loop; latency from the intended send time.");
        Map<String, List<String>> spread = new LinkedHashMap<>();
        List<String> saturated = new ArrayList<>();
        for (Cell cell : cells) {
            if (cell.summary().get("config") instanceof Map<?, ?> config
                    && config.get("source_addresses") instanceof List<?> sources && !sources.isEmpty()) {
                spread.computeIfAbsent(String.join(", ", sources.stream().map(String::valueOf).toList()), k -> new ArrayList<>())
                        .add(cell.server());
            }
            if (cell.summary().get("generator") instanceof Map<?, ?> generator && Boolean.TRUE.equals(generator.get("saturated"))) {
                saturated.add(cell.server());
            }
        }
        spread.forEach((sources, servers) -> note.append(" Connections of ").append(String.join(", ", servers))
                .append(" spread over the source addresses ").append(sources).append('.'));
        if (!saturated.isEmpty()) {
            note.append(" **The generator was saturated** (its own schedule fell behind) in the cells of ")
                    .append(String.join(", ", saturated)).append(": their latency overstates the server's.");
        }
        return note.append('\n').toString();
    }

    /** One server's climb: where it failed and why, then a row per step. */
    static String breakingPoint(String server, Cell cell) {
        StringBuilder t = new StringBuilder("\n### ").append(server).append("\n\n");
        if (cell == null) {
            return t.append("not run\n").toString();
        }
        t.append(BreakingPoint.headline(cell)).append("\n\n");
        if (!(cell.summary().get("steps") instanceof List<?> steps) || steps.isEmpty()) {
            return t.toString();
        }
        t.append("| connections | status | open all, ms | heap B / conn. | RSS B / conn. | threads | requests completed"
                + " | connections used | p99 µs |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Object step : steps) {
            if (step instanceof Map<?, ?> row) {
                t.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        ((Number) row.get("connections")).longValue(),
                        "ok".equals(row.get("status")) ? "ok" : row.get("status") + ": " + String.valueOf(row.get("reason")).replace("|", "/"),
                        cellValue(row.get("connect_all_ms")), cellValue(row.get("heap_bytes_per_connection")),
                        cellValue(row.get("rss_bytes_per_connection")), cellValue(row.get("threads")),
                        cellValue(row.get("completed")), cellValue(row.get("used")), cellValue(row.get("latency_p99_us"))));
            }
        }
        return t.toString();
    }

    private static String cellValue(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%,.0f", n.doubleValue()) : "—";
    }

    private static Map<String, Cell> cellsOf(List<Cell> cells, Scenario scenario) {
        Map<String, Cell> byServer = new LinkedHashMap<>();
        for (Cell cell : cells) {
            if (cell.scenario().name().equals(scenario.name())) {
                byServer.put(cell.server(), cell);
            }
        }
        return byServer;
    }

    /** One scenario's table. */
    static String table(List<String> servers, Map<String, Cell> cells, List<Metric> metrics) {
        StringBuilder t = new StringBuilder("| metric |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String server : servers) {
            t.append(' ').append(server).append(" |");
            rule.append("---:|");
        }
        t.append('\n').append(rule).append('\n');
        t.append("| status |");
        for (String server : servers) {
            Cell cell = cells.get(server);
            t.append(' ').append(cell == null ? "not run" : status(cell)).append(" |");
        }
        t.append('\n');
        for (Metric metric : metrics) {
            List<Double> values = new ArrayList<>();
            for (String server : servers) {
                Cell cell = cells.get(server);
                values.add(cell == null || cell.status().equals("failed") ? null : metric.value().apply(cell));
            }
            Double best = null;
            for (Double v : values) {
                if (v != null && metric.better() != Better.NONE
                        && (best == null || (metric.better() == Better.HIGHER ? v > best : v < best))) {
                    best = v;
                }
            }
            t.append("| ").append(metric.label()).append(" |");
            for (Double v : values) {
                t.append(' ').append(format(v, best, metric.decimals())).append(" |");
            }
            t.append('\n');
        }
        return t.toString();
    }

    private static String status(Cell cell) {
        if (cell.ok()) {
            return "ok";
        }
        Object at = cell.summary().get("cell") instanceof Map<?, ?> m ? m.get("failed_at_connections") : null;
        return cell.status() + ": " + cell.reason().replace("|", "/")
                + (at instanceof Number n && n.intValue() > 0 ? " (at " + n + " connections)" : "");
    }

    private static String format(Double value, Double best, int decimals) {
        if (value == null) {
            return "—";
        }
        String number = String.format(Locale.ROOT, "%,." + decimals + "f", value);
        if (best == null || best == 0 || value.equals(best)) {
            return value.equals(best) ? number + " (×1.00)" : number;
        }
        return number + String.format(Locale.ROOT, " (×%.2f)", value / best);
    }

    private static Double sum(Double a, Double b) {
        return a == null && b == null ? null : (a == null ? 0 : a) + (b == null ? 0 : b);
    }
}
