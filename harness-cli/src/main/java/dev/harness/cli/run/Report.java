package dev.harness.cli.run;

import dev.harness.cli.options.ServerOptions;
import dev.harness.server.HandlerConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code report.md} of a run: one table per scenario, servers as columns, metrics as rows, each value
 * with its ratio to the best server's (×1.00 is the best; for "higher is better" rows the others are below
 * 1, for "lower is better" rows above). The rows are {@link Metric}s; over several repeats a value is the
 * median with its range and a ratio whose ranges overlap the best's is marked within noise ({@link Spread}).
 * Only an ok cell may be best; a figure below its resolution, or a negative cost per connection, is shown
 * as such and never ranked. A failed cell shows its reason instead of numbers; an overloaded one its numbers, never ranked best
 * ({@link Ranking}). A breaking-point
 * scenario gets one table per server instead, a row per step, under a line that names where it failed and
 * why.
 */
final class Report {

    /** The reference servers' names: their columns are marked, so that no one reads them as ours. */
    private static final List<String> REFERENCES = ServerOptions.referenceNames();

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
        if (meta.loadServerJvmFlags() != null) {
            md.append(" where a cell measures memory, `").append(meta.loadServerJvmFlags()).append("` in the load cells");
        }
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
        List<String> references = servers.stream().filter(REFERENCES::contains).toList();
        if (!references.isEmpty()) {
            md.append("\nReference servers, marked (ref.): ").append(String.join(", ", references))
                    .append(" — well-known servers of the same models by other authors (docs/design.md, \"Reference")
                    .append(" servers\"), serving HTTP GET /echo and /work in their own code, beside ours.\n");
        }
        if (meta.repeats() != null && meta.repeats() > 1) {
            md.append("\nEach cell ran ").append(meta.repeats()).append(" times, in rounds with the server order rotated;")
                    .append(" a value is the median of its repeats with their range, median (min–max), and a ratio is")
                    .append(" marked *within noise* when that range overlaps the best server's. Only cells whose every")
                    .append(" repeat was ok are ranked.\n");
        }
        for (Scenario scenario : scenarios) {
            md.append("\n## ").append(scenario.name()).append(" — ").append(scenario.description()).append("\n\n");
            Map<String, Cell> byServer = cellsOf(cells, scenario);
            switch (scenario.kind()) {
                case LOAD -> md.append(table(servers, byServer, Metric.of(scenario)))
                        .append(scenario.blocksCalls() ? '\n' + blockingNote(mem) : "")
                        .append(machineNote(byServer.values()));
                case IDLE_CONNECTIONS -> md.append(table(servers, byServer, Metric.IDLE)).append('\n')
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

    /** What the memory and pool rows of a blocking-call table mean. */
    private static String blockingNote(boolean mem) {
        return "Memory and threads per connection were read as in idle-connections, with every connection open and"
                + " idle before the first request. " + memorySource(mem) + " Server threads: at the window's end, the"
                + " blocking calls under way included; proactor-act's include its pool for Session.blocking"
                + " (--blocking-threads, " + HandlerConfig.DEFAULT_BLOCKING_THREADS + " unless the run's --server-args"
                + " says otherwise), whose threads are counted"
                + " on their own row; a thread model blocks the connection's own thread.\n";
    }

    /** What the memory rows of an idle-connections table mean, and where tcp connections came from. */
    private static String idleNote(boolean mem, Collection<Cell> cells) {
        StringBuilder note = new StringBuilder(memorySource(mem));
        note.append(" Threads: the server's while the connections were held. Requests: ECHO 16 B over every connection,"
                + " open loop; latency from the intended send time.");
        Map<String, List<String>> spread = new LinkedHashMap<>();
        List<String> saturated = new ArrayList<>();
        for (Cell cell : cells.stream().flatMap(c -> c.runs().stream()).toList()) {
            CellSummary.Measured measured = cell.measured();
            if (measured == null) {
                continue;
            }
            List<String> sourced = spread.computeIfAbsent(String.join(", ", measured.figures().sourceAddresses()),
                    k -> new ArrayList<>());
            if (!measured.figures().sourceAddresses().isEmpty() && !sourced.contains(cell.server())) {
                sourced.add(cell.server());
            }
            if (measured.figures().generatorSaturated() && !saturated.contains(cell.server())) {
                saturated.add(cell.server());
            }
        }
        spread.values().removeIf(List::isEmpty);
        spread.forEach((sources, servers) -> note.append(" Connections of ").append(String.join(", ", servers))
                .append(" spread over the source addresses ").append(sources).append('.'));
        if (!saturated.isEmpty()) {
            note.append(" **The generator was saturated** (its own schedule fell behind) in the cells of ")
                    .append(String.join(", ", saturated)).append(": their latency overstates the server's.");
        }
        return note.append('\n').toString();
    }

    /** How heap, RSS and threads per connection were read over {@code mem} or tcp. */
    private static String memorySource(boolean mem) {
        return mem
                ? "Heap: the cell JVM's heap after a full GC, connections held, less before, per connection, less the"
                + " transport's own share (both ends of a connection held by a listener that only accepts: what tcp"
                + " keeps in the kernel); it still holds the generator's record of each connection (its 48-byte Connection object and an array slot)."
                + " RSS: the cell JVM's, generator and transport included. Server and generator share the cores and"
                + " one collector: a pause stops both, and the generator's schedule lag shows it."
                : "Heap: the server JVM's heap after `jcmd GC.run`, connections held, less before, per connection;"
                + " RSS and threads from /proc/PID. The kernel's socket memory is in neither.";
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
            t.append(' ').append(server).append(REFERENCES.contains(server) ? " (ref.)" : "").append(" |");
            rule.append("---:|");
        }
        t.append('\n').append(rule).append('\n');
        t.append("| status |");
        for (String server : servers) {
            Cell cell = cells.get(server);
            t.append(' ').append(cell == null ? "not run" : status(cell)).append(" |");
        }
        t.append('\n');
        boolean belowResolution = false;
        for (Metric metric : metrics) {
            List<Spread> spreads = new ArrayList<>();
            Spread best = null;
            for (String server : servers) {
                Cell cell = cells.get(server);
                Spread spread = cell == null ? null : metric.spread(cell);
                spreads.add(spread);
                if (spread != null && Ranking.ranked(cell) && metric.rankable(spread) && (best == null
                        || (metric.better() == Metric.Better.HIGHER ? spread.median() > best.median()
                        : spread.median() < best.median()))) {
                    best = spread;
                }
            }
            t.append("| ").append(metric.label()).append(" |");
            for (Spread spread : spreads) {
                belowResolution |= spread != null && spread.belowResolution();
                t.append(' ').append(format(metric, spread, best)).append(" |");
            }
            t.append('\n');
        }
        if (belowResolution) {
            t.append("\n< resolution (±R): the figure is smaller than what the collector and the allocator move the")
                    .append(" process by with no connections (R per connection held), so it is noise and not ranked.\n");
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

    /**
     * A value with its ratio to the best: {@code median (min–max)} over several repeats, the ratio marked within
     * noise when the ranges overlap; a figure below its resolution or a negative cost per connection unranked.
     */
    static String format(Metric metric, Spread spread, Spread best) {
        if (spread == null) {
            return "—";
        }
        String pattern = "%,." + metric.decimals() + "f";
        if (spread.belowResolution()) {
            return "< resolution (±" + String.format(Locale.ROOT, pattern, spread.resolution()) + ")";
        }
        String number = String.format(Locale.ROOT, pattern, spread.median());
        if (spread.n() > 1) {
            number += String.format(Locale.ROOT, " (" + pattern + "–" + pattern + ")", spread.min(), spread.max());
        }
        if (!metric.rankable(spread)) {
            return metric.better() == Metric.Better.NONE ? number : number + " (negative: not ranked)";
        }
        if (best == null) {
            return number;
        }
        if (spread.median() == best.median()) {
            return number + " (×1.00)";
        }
        if (best.median() == 0) {
            return number;
        }
        String ratio = String.format(Locale.ROOT, "×%.2f", spread.median() / best.median());
        return number + (spread.n() > 1 && spread.overlaps(best) ? " (" + ratio + ", within noise)" : " (" + ratio + ")");
    }
}
