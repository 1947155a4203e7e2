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
 * 1, for "lower is better" rows above). A failed cell shows its reason instead of numbers.
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
            new Metric("server RSS bytes / idle connection", Better.LOWER, c -> c.number("server", "rss_bytes_per_connection"), 0),
            new Metric("server threads", Better.LOWER, c -> c.number("server", "threads"), 0),
            new Metric("connections opened", Better.HIGHER, c -> c.number("connections", "opened"), 0),
            new Metric("time to open them all, ms", Better.LOWER, c -> c.number("connections", "connect_all_ms"), 0));

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
        md.append("Server JVM flags: `").append(meta.get("server_jvm_flags")).append("`\n\n");
        md.append("Each value is followed by its ratio to the best server's value (×1.00 = best). ")
                .append("Latency counts from the intended send time in open-loop scenarios and from the actual send ")
                .append("in closed-loop ones. Server costs are read from /proc/PID/task/*/status around the measurement window.\n");
        for (Scenario scenario : scenarios) {
            md.append("\n## ").append(scenario.name()).append(" — ").append(scenario.description()).append("\n\n");
            md.append(table(servers, cellsOf(cells, scenario), scenario.idle() ? IDLE_METRICS : LOAD_METRICS));
        }
        return md.toString();
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
