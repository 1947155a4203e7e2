package dev.harness.cli.run;

import dev.harness.cli.measure.BlockingPoolThreads;
import dev.harness.cli.measure.IdleMemory;
import dev.harness.cli.measure.LoopBlockedTime;
import dev.harness.cli.measure.MemoryProbe;
import dev.harness.cli.measure.ServerCosts;
import dev.harness.cli.measure.ServerReport;
import dev.harness.cli.measure.Settle;
import dev.harness.cli.options.ServerOptions;
import dev.harness.load.ProgressListener;
import dev.harness.load.LoadException;
import dev.harness.load.LoadResult;
import dev.harness.load.LoadRunner;
import dev.harness.probe.TcpSockets;
import dev.harness.server.LoopBlocking;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A cell over tcp: the server in a JVM of its own ({@link ServerProcess}, through {@code harness serve}),
 * the generator in this one. The server's costs are read from {@code /proc/PID} around the measurement
 * window ({@link ServerCosts}); for idle connections its heap with {@code jcmd}
 * ({@link MemoryProbe.OtherProcess}) before the connections open and while they are held, once it holds
 * them all (so too before the requests of a blocking-call scenario, {@link Scenario#readsIdleMemory}): its file descriptors ({@code /proc/PID/fd}, one per connection accepted) stop growing
 * ({@link Settle}), and its connections are counted in {@code /proc/net/tcp*} ({@link TcpSockets}).
 * A scenario with a downstream gets it first: a second server of the same model (RELAY's chain of services)
 * or a {@link SilentDownstream} whose {@link DownstreamTimeline} the summary carries under {@code downstream}.
 * Writes the cell's {@code summary.json} and {@code histograms.hlog}; {@link CellRules} judges it.
 *
 * @param settings how every cell of the run runs
 * @param listener where its progress goes
 * @param stop     Ctrl-C
 */
record TcpCell(RunSettings settings, CellRunner.Listener listener, CellStop stop) {

    /** How long a server JVM has to print that it listens. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    /** Runs a load or idle-connections cell of {@code scenario} against a fresh {@code server} into {@code dir}. */
    Cell run(String server, Scenario scenario, Path dir) throws IOException, InterruptedException {
        List<String> serveArgs = new ArrayList<>(settings.serverArgs(scenario));
        try (Downstream downstream = startDownstream(scenario.downstream(), server, serveArgs)) {
            serveArgs.addAll(downstream.serveArgs());
            ServerProcess process;
            try {
                process = ServerProcess.start(settings.java(), settings.serverJvmFlags(scenario), server, serveArgs,
                        settings.cpus(), START_TIMEOUT);
            } catch (IOException e) {
                return Cell.notRun(server, scenario, CellRules.failed("cannot start: " + e.getMessage(), List.of(), 0))
                        .write(dir);
            }
            try (process) {
                return measure(server, scenario, dir, process, downstream);
            }
        } catch (DownstreamFailed e) {
            return Cell.notRun(server, scenario, CellRules.failed(e.getMessage(), List.of(), 0)).write(dir);
        }
    }

    /** The cell's load against {@code process}, already listening; its summary written into {@code dir}. */
    private Cell measure(String server, Scenario scenario, Path dir, ServerProcess process, Downstream downstream)
            throws IOException, InterruptedException {
        boolean idle = scenario.kind() == Scenario.Kind.IDLE_CONNECTIONS;
        Hold hold = scenario.readsIdleMemory() ? new Hold(process) : null;
        ServerCosts costs = ServerCosts.prepare(process.pid());
        DownstreamTimeline timeline = downstream.silent() == null ? null
                : DownstreamTimeline.start(process.pid(), downstream.silent(), Scenario.SILENT_DOWNSTREAM_TIMEOUT);
        ProgressListener progress = timeline == null ? listener::load : timeline.sampling(listener::load);
        MemoryProbe heapProbe = timeline == null ? null
                : new MemoryProbe.OtherProcess(process.pid(), MemoryProbe.OtherProcess.jcmdBeside(settings.java()));
        Long heapBefore = heapProbe == null ? null : heapProbe.read().heapUsedBytes();
        boolean[] windowRead = new boolean[1];
        Integer[] poolThreads = new Integer[1];
        List<List<LoopBlocking>> loopEdges = new ArrayList<>();
        LoadResult result;
        try {
            result = stop.run(new LoadRunner(scenario.loadConfig(process.address(), Transport.tcp(), settings),
                    progress, window(costs, windowRead, poolThreads, process, loopEdges), hold == null ? LoadRunner.IdleHold.NONE : hold::hold));
        } catch (LoadException e) {
            return Cell.notRun(server, scenario, CellRules.failed(CellRules.failureReason(process, e.getMessage()),
                    process.stderrLines(), 0)).write(dir);
        } finally {
            if (!windowRead[0]) {
                costs.abandon();
            }
        }
        ServerReport.OverTcp report = new ServerReport.OverTcp(server, process.pid(), settings.serverJvmFlags(scenario),
                windowRead[0] ? costs.costs(result.completedInWindow(), result.window()) : null, hold != null,
                hold == null ? null : hold.memory,
                loopEdges.size() == 2 ? LoopBlockedTime.between(loopEdges.get(0), loopEdges.get(1)) : null, poolThreads[0]);
        if (timeline != null && process.alive()) {
            timeline.after(heapBefore, () -> heapAfterGc(heapProbe));
        }
        Map<String, Object> load = new LinkedHashMap<>(result.summary());
        if (timeline != null) {
            load.put("downstream", timeline.toJson());
        }
        CellSummary.Measured summary = CellSummary.Measured.of(load, report);
        List<String> problems = idle ? CellRules.idleProblems(summary.figures(), report.memory(), scenario.connections(),
                scenario.lateAnswersFail()) : List.of();
        // an idle cell is judged by its connections and memory, not by the window's costs
        Verdict verdict = CellRules.overTcp(process, result, problems, !idle && !windowRead[0]);
        Cell cell = new Cell(server, scenario, CellRules.overloaded(verdict, scenario, summary.figures()), summary);
        result.writeTo(dir, cell.json());
        return cell;
    }

    /** The server's heap after a full collection; null when it cannot be read (no jcmd, or the server is gone). */
    private static Long heapAfterGc(MemoryProbe probe) {
        try {
            return probe.read().heapUsedBytes();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IllegalStateException gone) {
            return null;
        }
    }

    /** A downstream that could not start: the cell fails with the reason. */
    private static final class DownstreamFailed extends Exception {
        DownstreamFailed(String message) {
            super(message);
        }
    }

    /**
     * What the server's RELAY calls in this cell: nothing, a server of the same model in a JVM of its own (whose
     * costs are not the cell's), or a {@link SilentDownstream} in this JVM; closed after the server.
     *
     * @param process   the downstream server; null unless of the same model
     * @param silent    the silent downstream; null unless silent
     * @param serveArgs the options that point the server at it
     */
    private record Downstream(ServerProcess process, SilentDownstream silent, List<String> serveArgs)
            implements AutoCloseable {

        @Override
        public void close() throws InterruptedException {
            if (process != null) {
                process.close();
            }
            if (silent != null) {
                silent.close();
            }
        }
    }

    /** Starts the downstream {@code kind} names for a cell of {@code server}, whose options are {@code serveArgs}. */
    private Downstream startDownstream(Scenario.Downstream kind, String server, List<String> serveArgs)
            throws IOException, InterruptedException, DownstreamFailed {
        return switch (kind) {
            case NONE -> new Downstream(null, null, List.of());
            case SAME_MODEL -> {
                ServerProcess downstream;
                try {
                    downstream = ServerProcess.start(settings.java(), settings.serverJvmFlags(), server, serveArgs,
                            settings.cpus(), START_TIMEOUT);
                } catch (IOException e) {
                    throw new DownstreamFailed("cannot start the downstream " + server + ": " + e.getMessage());
                }
                yield new Downstream(downstream, null, ServerOptions.DOWNSTREAM.words(downstream.address()));
            }
            case SILENT -> {
                SilentDownstream silent = SilentDownstream.start();
                List<String> args = new ArrayList<>(ServerOptions.DOWNSTREAM.words(silent.address()));
                args.addAll(ServerOptions.DOWNSTREAM_TIMEOUT.words(Scenario.SILENT_DOWNSTREAM_TIMEOUT));
                yield new Downstream(null, silent, args);
            }
        };
    }

    /**
     * Reads the server's /proc (and switches perf) at the edges of the measurement window; {@code read[0]} is
     * set once both edges were read. After /proc at each edge, asks the server how long its event loops have
     * been blocked ({@code loopEdges} gets the start's, then the end's answer); at the end, also counts its
     * blocking pool's threads into {@code poolThreads[0]}.
     */
    private static LoadRunner.WindowListener window(ServerCosts costs, boolean[] read, Integer[] poolThreads,
                                                    ServerProcess process, List<List<LoopBlocking>> loopEdges) {
        return new LoadRunner.WindowListener() {
            @Override
            public void opened() {
                try {
                    costs.open();
                } catch (IllegalStateException gone) {
                    // the server died at the window's start: the window stays unread
                }
                askLoops(process, loopEdges);
            }

            @Override
            public void closed() {
                try {
                    costs.close();
                    read[0] = costs.closed();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IllegalStateException gone) {
                    read[0] = false;
                }
                poolThreads[0] = BlockingPoolThreads.count(process.pid());
                askLoops(process, loopEdges);
            }
        };
    }

    private static void askLoops(ServerProcess process, List<List<LoopBlocking>> loopEdges) {
        try {
            loopEdges.add(process.loopBlocking());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The idle hold of a tcp server: its memory before the connections open, and while they are held. */
    private final class Hold {
        private final ServerProcess process;
        private final MemoryProbe probe;
        private final MemoryProbe.Reading before;
        private final int fdsBefore;
        private volatile IdleMemory memory;

        Hold(ServerProcess process) throws InterruptedException {
            this.process = process;
            this.probe = new MemoryProbe.OtherProcess(process.pid(), MemoryProbe.OtherProcess.jcmdBeside(settings.java()));
            this.before = probe.read();
            this.fdsBefore = fds(process);
        }

        /** Called once every connection is open and idle: waits for the server to take them, holds, reads. */
        void hold(LoadRunner.Connected connected) throws InterruptedException {
            long settleMillis = Settle.await(() -> fds(process) - fdsBefore, connected.opened(),
                    Settle.limitFor(connected.opened()));
            Thread.sleep(Scenario.IDLE_HOLD);
            if (process.alive()) {
                try {
                    memory = probe.memory(before, probe.read(), TcpSockets.established(process.address()), settleMillis);
                } catch (IllegalStateException gone) {
                    memory = null;  // the server died while it was read: the cell fails
                }
            }
        }
    }

    /**
     * The server's open file descriptors ({@code /proc/PID/fd}): one more per connection it has accepted over
     * tcp; 0 once it is gone. One directory listing, whatever its threads.
     */
    private static int fds(ServerProcess process) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
            return (int) fds.count();
        } catch (IOException | UncheckedIOException gone) {
            return 0;
        }
    }
}
