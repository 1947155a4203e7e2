package dev.harness.cli.run;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.measure.JsonReader;
import dev.harness.cli.measure.ServerReport;
import dev.harness.cli.measure.Settle;
import dev.harness.cli.options.LoadOptions;
import dev.harness.load.LoadConfig;
import dev.harness.load.LoadResult;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A cell over mem: server and generator in a JVM of its own ({@link CellProcess}, through
 * {@code harness load --transport mem}, its options written by {@link LoadOptions#memCell}), its heap sized by
 * {@link ChildHeap}. That JVM writes the cell's files; this one reads its summary back, adds the heap it chose
 * and the verdict of {@link CellRules}, and rewrites it. A JVM that crashes, hangs past its time limit or
 * leaves no summary gives a failed cell; the run goes on.
 *
 * @param settings how every cell of the run runs
 * @param listener where its progress goes
 * @param stop     Ctrl-C
 */
record MemCell(RunSettings settings, CellRunner.Listener listener, CellStop stop) {

    /** A cell JVM gets its load's time limit plus this for its start, the hold and the collections. */
    private static final Duration CELL_JVM_SLACK = Duration.ofSeconds(90);
    /** The target a cell's configuration is built against: never connected to, the child finds its own. */
    private static final InetSocketAddress NO_TARGET = new InetSocketAddress("127.0.0.1", 1);

    /** Runs a load or idle-connections cell of {@code scenario} with {@code server} into {@code dir}. */
    Cell run(String server, Scenario scenario, Path dir) throws IOException, InterruptedException {
        int connections = scenario.connections();
        boolean idle = scenario.kind() == Scenario.Kind.IDLE_CONNECTIONS;
        ChildHeap rule = ChildHeap.forConnections(connections);
        List<String> flags = ChildHeap.exitOnOutOfMemory(rule.applyTo(settings.serverJvmFlags(), settings.userChoseHeap()));
        String xmx = ChildHeap.xmxOf(flags);
        String heap = settings.userChoseHeap() ? xmx + " (the -Xmx of --server-jvm-flags)" : rule.describe();
        listener.heap(cellKey(server, dir), xmx);
        if (!settings.userChoseHeap()) {
            listener.line("cell JVM heap " + heap);
        }
        LoadConfig config = scenario.loadConfig(NO_TARGET, Transport.mem(), settings);
        boolean hold = scenario.readsIdleMemory();
        List<String> args = LoadOptions.memCell(server, settings.serverArgs(scenario), hold ? Scenario.IDLE_HOLD : null,
                settings.linkDelay(), config, dir);
        Duration limit = config.timeLimit().plus(CELL_JVM_SLACK);
        if (hold) {     // the hold, outside the load's own limit: the transport baseline, four full collections, the settle
            limit = limit.plus(Scenario.IDLE_HOLD).plusNanos(connections * 20_000L).plus(Settle.limitFor(connections));
        }
        Path summaryFile = dir.resolve(LoadResult.SUMMARY_FILE);
        Files.createDirectories(dir);
        Files.deleteIfExists(summaryFile);
        CellProcess process;
        try {
            process = CellProcess.start(settings.java(), flags, args, listener::line);
        } catch (IOException e) {
            return Cell.notRun(server, scenario, CellRules.failed("cannot start the cell's JVM: " + e.getMessage(), List.of(), 0))
                    .write(dir);
        }
        CellProcess.Exit exit = stop.await(process, limit);
        if (!Files.isRegularFile(summaryFile)) {
            return Cell.notRun(server, scenario, CellRules.noSummary(exit, limit, stop.stopped())).write(dir);
        }
        CellSummary.Measured written = CellSummary.Measured.fromJson(
                JsonFields.of(JsonReader.read(Files.readString(summaryFile, StandardCharsets.UTF_8))));
        ServerReport report = written.server() instanceof ServerReport.OverMem inProcess
                ? inProcess.withHeap(heap) : written.server();
        CellSummary.Measured summary = new CellSummary.Measured(written.load(), written.figures(), report);
        List<String> problems = idle ? CellRules.idleProblems(summary.figures(), report.memory(), connections,
                scenario.lateAnswersFail()) : List.of();
        Verdict verdict = CellRules.overMem(exit, limit, summary.figures(), problems, stop.stopped());
        return new Cell(server, scenario, CellRules.overloaded(verdict, scenario, summary.figures()), summary).write(dir);
    }

    /** {@code server/scenario} or {@code server/scenario/step}: the cell's folder below the run's. */
    private static String cellKey(String server, Path dir) {
        List<String> names = new ArrayList<>();
        for (Path p = dir; p != null && p.getFileName() != null; p = p.getParent()) {
            names.addFirst(p.getFileName().toString());
            if (names.getFirst().equals(server)) {
                return String.join("/", names);
            }
        }
        return server + "/" + dir.getFileName();
    }
}
