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
 * 1, for "lower is better" rows above). A failed cell shows its reason instead of numbers; an overloaded one its
 * numbers, never ranked best ({@link Ranking}). A breaking-point
 * scenario gets one table per server instead, a row per step, under a line that names where it failed and
 * why.
 */
final class Report {

    /** Which way a metric is better; NONE shows no ratio (a count to read, not to rank). */
    enum Better { HIGHER, LOWER, NONE }

    /** A row: its label, which way is better, and how to read it from a load that ran. */
    record Metric(String label, Better better, Function<CellSummary.Measured, Double> value, int decimals) {
    }

    private static final List<Metric> LOAD_METRICS = List.of(
            new Metric("throughput, req/s (higher is better)", Better.HIGHER, m -> m.figures().requestsPerSecond(), 0),
            new Metric("latency p50, µs", Better.LOWER, m -> m.figures().latencyP50Micros(), 0),
            new Metric("latency p99, µs", Better.LOWER, m -> m.figures().latencyP99Micros(), 0),
            new Metric("latency p99.9, µs", Better.LOWER, m -> m.figures().latencyP999Micros(), 0),
            new Metric("latency max, µs", Better.LOWER, m -> m.figures().latencyMaxMicros(), 0),
            new Metric("server context switches / request", Better.LOWER, m -> m.server().ctxSwitchesPerRequest(), 3),
            new Metric("server CPU µs / request", Better.LOWER, m -> m.server().cpuMicrosPerRequest(), 1),
            new Metric("server threads", Better.LOWER, m -> number(m.server().threads()), 0),
            new Metric("errors + timeouts", Better.LOWER, m -> sum(m.figures().errors(), m.figures().timeouts()), 0),
            new Metric("out-of-order answers", Better.NONE, m -> m.figures().outOfOrder(), 0),
            new Metric("generator CPU µs / request", Better.LOWER, m -> m.figures().generatorCpuMicrosPerRequest(), 1),
            new Metric("machine CPU busy, % of all cores", Better.NONE, m -> percent(m.figures().machineCpuBusy()), 0));

    /** The rows a cost comparison (echo-cost) leads with: what each server pays per request, and its tail. */
    private static final List<String> COST_ROWS = List.of("server CPU µs / request", "server context switches / request",
            "latency p99, µs");

    /** {@link #LOAD_METRICS} with {@link #COST_ROWS} first, in that order. */
    private static final List<Metric> COST_METRICS = java.util.stream.Stream.concat(
            COST_ROWS.stream().map(label -> LOAD_METRICS.stream().filter(m -> m.label().equals(label)).findFirst().orElseThrow()),
            LOAD_METRICS.stream().filter(m -> !COST_ROWS.contains(m.label()))).toList();

    private static final List<Metric> IDLE_METRICS = List.of(
            new Metric("connections opened", Better.HIGHER, m -> m.figures().opened(), 0),
            new Metric("time to open them all, ms", Better.LOWER, m -> m.figures().connectAllMillis(), 0),
            new Metric("server heap bytes / idle connection", Better.LOWER,
                    m -> m.server().memory() == null ? null : m.server().memory().heapBytesPerConnection(), 0),
            new Metric("server RSS bytes / idle connection", Better.LOWER,
                    m -> m.server().memory() == null ? null : m.server().memory().rssBytesPerConnection(), 0),
            new Metric("server threads, connections held", Better.LOWER,
                    m -> m.server().memory() == null ? null : number(m.server().memory().threads()), 0),
            new Metric("requests completed", Better.NONE, m -> m.figures().completed(), 0),
            new Metric("connections used", Better.HIGHER, m -> m.figures().used(), 0),
            new Metric("latency p50, µs", Better.LOWER, m -> m.figures().latencyP50Micros(), 0),
            new Metric("latency p99, µs", Better.LOWER, m -> m.figures().latencyP99Micros(), 0),
            new Metric("latency p99.9, µs", Better.LOWER, m -> m.figures().latencyP999Micros(), 0),
            new Metric("latency max, µs", Better.LOWER, m -> m.figures().latencyMaxMicros(), 0));

    private Report() {
    }

    /** The whole report, markdown. */
    static String markdown(RunMeta meta, List<String> servers, List<Scenario> scenarios, List<Cell> cells) {
        StringBuilder md = new StringBuilder();
        md.append("# Comparison run\n\n");
        md.append("Command: `").append(meta.command()).append("`  \n");
        md.append("Profile: ").append(meta.profile()).append("; started ").append(meta.start())
                .append(", ended ").append(meta.end()).append("  \n");
        md.append("JDK: ").append(meta.jdk().vendor()).append(' ').append(meta.jdk().version())
                .append("; ").append(meta.machine().cores()).append(" cores, kernel ").append(meta.machine().kernel())
                .append("  \n");
        if (meta.git().commit() != null) {
            md.append("Commit: ").append(meta.git().commit()).append(Boolean.TRUE.equals(meta.git().dirty()) ? " (dirty)" : "")
                    .append("  \n");
        }
        boolean mem = meta.mem();
        md.append(mem ? "Cell JVM flags: `" : "Server JVM flags: `").append(meta.serverJvmFlags()).append("`");
        if (mem && meta.cellJvm() != null && !meta.cellJvm().xmx().isEmpty()) {
            md.append(", the heap sized per cell (").append(meta.cellJvm().heapRule()).append("): ")
                    .append(String.join(", ", meta.cellJvm().xmx().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                            .toList()));
        }
        if (!meta.serverArgs().isEmpty()) {
            md.append("; server options first: `").append(String.join(" ", meta.serverArgs())).append('`');
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
                case LOAD -> md.append(table(servers, byServer, scenario.comparesCost() ? COST_METRICS : LOAD_METRICS))
                        .append(machineNote(byServer.values()));
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
            CellSummary.Measured measured = cell.measured();
            if (measured == null) {
                continue;
            }
            if (!measured.figures().sourceAddresses().isEmpty()) {
                spread.computeIfAbsent(String.join(", ", measured.figures().sourceAddresses()), k -> new ArrayList<>())
                        .add(cell.server());
            }
            if (measured.figures().generatorSaturated()) {
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

    /** The cells whose machine was busier than {@link CellRules#MACHINE_BUSY}, in one line; empty when none was. */
    private static String machineNote(Iterable<Cell> cells) {
        List<String> busy = new ArrayList<>();
        for (Cell cell : cells) {
            LoadFigures figures = cell.measured() == null ? null : cell.measured().figures();
            if (figures != null && CellRules.machineBusy(figures) != null) {
                busy.add(String.format(Locale.ROOT, "%s %.1f %%", cell.server(), 100 * figures.machineCpuBusy()));
            }
        }
        return busy.isEmpty() ? "" : String.format(Locale.ROOT, "%n**Machine busy** (over %.0f %% of all cores in the"
                + " window): %s. Server, generator and anything else on the machine competed for cores: throughput and"
                + " latency rank them together; the per-request costs still compare the servers. Compare at a fixed rate"
                + " (echo-cost) or pin the sides apart (--cpus).%n", 100 * CellRules.MACHINE_BUSY, String.join(", ", busy));
    }

    /** One server's climb: where it failed and why, then a row per step. */
    static String breakingPoint(String server, Cell cell) {
        StringBuilder t = new StringBuilder("\n### ").append(server).append("\n\n");
        if (cell == null) {
            return t.append("not run\n").toString();
        }
        t.append(BreakingPoint.headline(cell)).append("\n\n");
        if (!(cell.summary() instanceof BreakingPoint.Summary climb) || climb.steps().isEmpty()) {
            return t.toString();
        }
        t.append("| connections | status | open all, ms | heap B / conn. | RSS B / conn. | threads | requests completed"
                + " | connections used | p99 µs |\n|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (BreakingPoint.StepRow row : climb.steps()) {
            String status = row.status() == CellStatus.OK ? "ok"
                    : row.status().jsonName() + ": " + String.valueOf(row.reason()).replace("|", "/");
            t.append(String.format(Locale.ROOT, "| %,d | %s | %s | %s | %s | %s | %s | %s | %s |%n", row.connections(), status,
                    cellValue(row.connectAllMillis()), cellValue(row.heapBytesPerConnection()),
                    cellValue(row.rssBytesPerConnection()), cellValue(row.threads()), cellValue(row.completed()),
                    cellValue(row.used()), cellValue(row.latencyP99Micros())));
        }
        return t.toString();
    }

    private static String cellValue(Double v) {
        return v != null ? String.format(Locale.ROOT, "%,.0f", v) : "—";
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
            List<Double> rankedValues = new ArrayList<>();
            for (String server : servers) {
                Cell cell = cells.get(server);
                Double value = cell == null || cell.status() == CellStatus.FAILED || cell.measured() == null ? null
                        : metric.value().apply(cell.measured());
                values.add(value);
                rankedValues.add(Ranking.ranked(cell) ? value : null);
            }
            Double best = null;
            for (Double v : rankedValues) {
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
        return t.append(Ranking.notes(servers, cells)).toString();
    }

    private static String status(Cell cell) {
        if (cell.ok()) {
            return "ok";
        }
        Integer at = cell.verdict().failedAtConnections();
        return cell.status().jsonName() + ": " + cell.reason().replace("|", "/")
                + (at != null && at > 0 ? " (at " + at + " connections)" : "");
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

    private static Double percent(Double share) {
        return share == null ? null : 100 * share;
    }

    private static Double number(Integer n) {
        return n == null ? null : n.doubleValue();
    }

    private static Double sum(Double a, Double b) {
        return a == null && b == null ? null : (a == null ? 0 : a) + (b == null ? 0 : b);
    }
}
