package dev.harness.cli.run;

import dev.harness.load.LoadConfig;
import dev.harness.load.LoadException;
import dev.harness.load.LoadResult;
import dev.harness.load.LoadRunner;
import dev.harness.load.ProgressListener;
import dev.harness.load.client.Protocol;
import dev.harness.load.client.Workload;
import dev.harness.load.record.Json;
import dev.harness.server.ServerConfig;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs one server × scenario and writes the cell's {@code summary.json} (the generator's summary with a
 * {@code server} object, and a {@code cell} object when it is not ok) and {@code histograms.hlog}.
 *
 * <ul>
 *   <li>Over tcp the server runs in a JVM of its own ({@link ServerProcess}) and the generator in this one;
 *       the server's costs are read from {@code /proc/PID} around the window ({@link ServerCosts}) and, for
 *       idle connections, its heap with {@code jcmd} ({@link MemoryProbe.OtherProcess}).
 *   <li>Over mem the whole cell — server and generator — runs in a JVM of its own ({@link CellProcess}:
 *       {@code harness load --transport mem}), its heap sized by {@link ChildHeap}; this JVM reads the
 *       summary it wrote.
 *   <li>A breaking-point scenario runs idle-connections cells at rising counts ({@link BreakingPoint}).
 * </ul>
 *
 * <p>Failures are results: a server or cell JVM that cannot start, dies, hangs past its time, or cannot
 * create threads for its connections gives a cell marked {@code failed} with the reason, its classified
 * cause and the connection count where it failed; the run goes on.
 */
final class CellRunner {

    /** What a cell reports while it runs. */
    interface Listener {
        /** The generator's progress, once a second, when it runs in this JVM. */
        void load(ProgressListener.Progress progress);

        /** A line a cell JVM wrote (its progress, or why it fails). */
        void line(String line);

        /** The heap chosen for the cell JVM of {@code cell} (server/scenario[/step]). */
        void heap(String cell, ChildHeap heap);
    }

    /** A mem cell's JVM gets its load's time limit plus this for its start, the hold and the collections. */
    private static final Duration CELL_JVM_SLACK = Duration.ofSeconds(90);
    /** The target a mem cell's configuration is built against: never connected to, the child finds its own. */
    private static final InetSocketAddress NO_TARGET = new InetSocketAddress("127.0.0.1", 1);
    private static final Pattern THREAD_FAILURE = Pattern.compile("cannot start a thread for connection (\\d+)");

    private final RunSettings settings;
    private final Listener listener;
    private volatile LoadRunner current;
    private volatile CellProcess currentCell;
    private volatile boolean stopped;

    CellRunner(RunSettings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /** Stops the cell under way (Ctrl-C): its result is written, marked partial. */
    void stop() {
        stopped = true;
        LoadRunner runner = current;
        if (runner != null) {
            runner.stop();
        }
        CellProcess cell = currentCell;
        if (cell != null) {
            cell.terminate();
        }
    }

    Cell run(String server, Scenario scenario, Path dir) throws IOException, InterruptedException {
        return switch (scenario.kind()) {
            case LOAD -> settings.mem() ? inCellJvm(server, scenario, dir) : loadOverTcp(server, scenario, dir);
            case IDLE_CONNECTIONS -> settings.mem() ? inCellJvm(server, scenario, dir) : idleOverTcp(server, scenario, dir);
            case BREAKING_POINT -> breakingPoint(server, scenario, dir);
        };
    }

    // --- breaking point ---------------------------------------------------------------------------------

    private Cell breakingPoint(String server, Scenario scenario, Path dir) throws IOException, InterruptedException {
        BreakingPoint.Climb climb = BreakingPoint.climb(scenario.steps(), count -> {
            listener.line("step " + String.format("%,d", count) + " connections");
            Scenario step = Scenario.breakingPointStep(count);
            Path stepDir = dir.resolve(Integer.toString(count));
            return settings.mem() ? inCellJvm(server, step, stepDir) : idleOverTcp(server, step, stepDir);
        }, () -> stopped);
        Map<String, Object> summary = BreakingPoint.summary(climb, scenario.connections(), settings.transport().name());
        if (climb.interrupted()) {
            return mark(server, scenario, dir, summary, "partial", "interrupted", null, null);
        }
        CellFiles.writeSummary(dir, summary);
        return new Cell(server, scenario, "ok", null, null, summary);
    }

    // --- tcp: the server in a JVM of its own, the generator here -----------------------------------------

    /** The server's options: the user's first (they win), then the connection limit the scenario needs. */
    private List<String> serveArgs(int connections, boolean idle) {
        List<String> args = new ArrayList<>(settings.serverArgs());
        args.addAll(List.of("--max-connections", Integer.toString(Math.max(ServerConfig.DEFAULT_MAX_CONNECTIONS, connections))));
        if (idle) {
            args.addAll(List.of("--idle-timeout", "0"));   // held idle on purpose: the server must not close them
        }
        return args;
    }

    private Cell loadOverTcp(String server, Scenario scenario, Path dir) throws IOException, InterruptedException {
        ServerProcess process;
        try {
            process = ServerProcess.start(settings.java(), settings.serverJvmFlags(), server,
                    serveArgs(scenario.connections(), false), Duration.ofSeconds(30));
        } catch (IOException e) {
            return failed(server, scenario, dir, "cannot start: " + e.getMessage(), List.of(), 0);
        }
        try (process) {
            LoadConfig config = scenario.loadConfig(process.address(), settings.warmup(), settings.duration(),
                    settings.commandLine());
            ServerCosts[] costs = new ServerCosts[1];
            LoadResult result;
            try {
                result = run(new LoadRunner(config, listener::load, window(process, costs)));
            } catch (LoadException e) {
                return failed(server, scenario, dir, failureReason(process, e.getMessage()), process.stderrLines(), 0);
            }
            Map<String, Object> summary = new LinkedHashMap<>(result.summary());
            boolean windowRead = costs[0] != null && costs[0].closed();
            summary.put("server", serverJson(server, process, windowRead ? costs[0] : null, result.counters().completed));
            result.writeTo(dir, summary);
            String threadFailure = threadFailure(process);
            if (!process.alive() || threadFailure != null) {
                return mark(server, scenario, dir, summary, "failed", failureReason(process, result.stopReason()),
                        threadFailureAt(process.stderrLines(), result.connectionsOpened()),
                        FailureCause.classify(failureReason(process, result.stopReason()), process.stderrLines(), null, false));
            }
            if (result.partial() || !windowRead) {
                return mark(server, scenario, dir, summary, "partial",
                        result.stopReason() != null ? result.stopReason() : "the measurement window did not complete", null, null);
            }
            return new Cell(server, scenario, "ok", null, null, summary);
        }
    }

    private Cell idleOverTcp(String server, Scenario scenario, Path dir) throws IOException, InterruptedException {
        int connections = scenario.connections();
        ServerProcess process;
        try {
            process = ServerProcess.start(settings.java(), settings.serverJvmFlags(), server, serveArgs(connections, true),
                    Duration.ofSeconds(30));
        } catch (IOException e) {
            return failed(server, scenario, dir, "cannot start: " + e.getMessage(), List.of(), 0);
        }
        try (process) {
            MemoryProbe probe = new MemoryProbe.OtherProcess(process.pid(), MemoryProbe.OtherProcess.jcmdBeside(settings.java()));
            MemoryProbe.Reading before = probe.read();
            int fdsBefore = fds(process);
            LoadConfig config = idleConfig(process.address(), connections, Transport.tcp());
            ServerCosts[] costs = new ServerCosts[1];
            Object[] memory = new Object[1];
            LoadResult result;
            try {
                result = run(new LoadRunner(config, listener::load, window(process, costs), connected -> {
                    long settleMillis = Settle.await(() -> fds(process) - fdsBefore, connected.opened(),
                            Settle.limitFor(connected.opened()));
                    Thread.sleep(Scenario.IDLE_HOLD);
                    if (process.alive()) {
                        try {
                            MemoryProbe.Reading held = probe.read();
                            Map<String, Object> m = probe.toJson(before, held, establishedAt(process.address()));
                            m.put("settle_ms", settleMillis);
                            memory[0] = m;
                        } catch (IllegalStateException gone) {
                            memory[0] = null;  // the server died while it was read: the cell fails below
                        }
                    }
                }));
            } catch (LoadException e) {
                return failed(server, scenario, dir, failureReason(process, e.getMessage()), process.stderrLines(), 0);
            }
            Map<String, Object> summary = new LinkedHashMap<>(result.summary());
            boolean windowRead = costs[0] != null && costs[0].closed();
            Map<String, Object> serverJson = serverJson(server, process, windowRead ? costs[0] : null,
                    result.counters().completed);
            serverJson.put("memory", memory[0]);
            summary.put("server", serverJson);
            result.writeTo(dir, summary);
            List<String> problems = idleProblems(summary, connections, scenario.lateAnswersFail());
            String threadFailure = threadFailure(process);
            if (!process.alive() || threadFailure != null || !problems.isEmpty()) {
                String reason = threadFailure != null || !process.alive() ? failureReason(process, null) : String.join("; ", problems);
                return mark(server, scenario, dir, summary, "failed", reason,
                        threadFailureAt(process.stderrLines(), result.connectionsOpened()),
                        FailureCause.classify(reason, process.stderrLines(), null, false));
            }
            if (result.partial()) {
                return mark(server, scenario, dir, summary, "partial", result.stopReason(), null, null);
            }
            return new Cell(server, scenario, "ok", null, null, summary);
        }
    }

    /**
     * The TCP connections in state ESTABLISHED whose local end is {@code address}, an IPv4 address: the server
     * ends of a server's connections, from {@code /proc/net/tcp} and {@code /proc/net/tcp6} (where a JVM's
     * dual-stack sockets show IPv4 as mapped addresses), this network namespace. -1 where neither can be read.
     */
    static int establishedAt(InetSocketAddress address) {
        byte[] ip = address.getAddress().getAddress();
        if (ip.length != 4) {
            return -1;
        }
        // /proc/net/tcp* write an address as 32-bit words in host (little-endian) order, then the port
        String v4 = String.format("%02X%02X%02X%02X", ip[3] & 0xff, ip[2] & 0xff, ip[1] & 0xff, ip[0] & 0xff);
        String port = String.format(":%04X", address.getPort());
        Map<String, String> tables = Map.of("/proc/net/tcp", v4 + port, "/proc/net/tcp6", "0000000000000000FFFF0000" + v4 + port);
        int count = 0;
        boolean read = false;
        for (Map.Entry<String, String> table : tables.entrySet()) {
            try (Stream<String> lines = Files.lines(Path.of(table.getKey()), StandardCharsets.US_ASCII)) {
                count += (int) lines.skip(1).map(l -> l.strip().split("\\s+"))
                        .filter(f -> f.length > 3 && f[1].equals(table.getValue()) && f[3].equals("01")).count();
                read = true;
            } catch (IOException | UncheckedIOException e) {
                // no such table (no IPv6): the other one counts
            }
        }
        return read ? count : -1;
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

    private LoadResult run(LoadRunner runner) throws LoadException, InterruptedException {
        current = runner;
        if (stopped) {
            runner.stop();
        }
        try {
            return runner.run();
        } finally {
            current = null;
        }
    }

    /** Reads the server's /proc around the measurement window into {@code costs[0]}. */
    private static LoadRunner.WindowListener window(ServerProcess process, ServerCosts[] costs) {
        return new LoadRunner.WindowListener() {
            @Override
            public void opened() {
                costs[0] = ServerCosts.open(process.pid());
            }

            @Override
            public void closed() {
                try {
                    costs[0].close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IllegalStateException e) {
                    costs[0].abandon();
                    costs[0] = null;
                }
            }
        };
    }

    /**
     * The load of an idle-connections cell: {@code connections} opened, then ECHO of 16 bytes over ACT frames,
     * one in flight per connection, open loop at {@link Scenario#IDLE_REQUEST_RATE}: the run's warm-up (the
     * server's code compiles; its requests use connections too, but are not measured), then a window long
     * enough for every connection to carry a request by itself. The time limit allows 30 s plus 50 µs per
     * connection for connecting; the hold is outside it.
     */
    LoadConfig idleConfig(InetSocketAddress target, int connections, Transport transport) {
        Duration window = Scenario.idleRequestWindow(connections, settings.duration());
        Duration timeout = Duration.ofSeconds(5);
        Duration connecting = Duration.ofSeconds(30).plusNanos(connections * 50_000L);
        return LoadConfig.builder(target)
                .transport(transport)
                .protocol(Protocol.ACT).workload(Workload.ECHO).payloadBytes(16).inflight(1)
                .connections(connections)
                .threads(1)
                .rate(Scenario.IDLE_REQUEST_RATE).arrival(LoadConfig.Arrival.UNIFORM)
                .warmup(settings.warmup())
                .duration(window)
                .timeout(timeout)
                .timeLimit(connecting.plus(settings.warmup()).plus(window).plus(timeout))
                .sourceAddresses(transport.name().equals("tcp") ? settings.sourcesFor(connections) : List.of())
                .commandLine(settings.commandLine())
                .build();
    }

    /**
     * Why an idle-connections cell did not do what it must — every connection opened and held by the server,
     * every one carrying a request, every request answered (unless {@code lateAnswersFail} is false: then
     * only a request that failed or timed out counts) — or an empty list.
     */
    static List<String> idleProblems(Map<String, Object> summary, int requested, boolean lateAnswersFail) {
        List<String> problems = new ArrayList<>();
        Double opened = Cell.number(summary, "connections", "opened");
        Double held = Cell.number(summary, "server", "memory", "connections_held");
        Double used = Cell.number(summary, "connections", "used");
        Double closed = Cell.number(summary, "connections", "closed_by_peer");
        Double refused = Cell.number(summary, "requests", "errors_by_kind", "connection_error");
        Double errors = Cell.number(summary, "requests", "errors");
        Double timeouts = Cell.number(summary, "requests", "timeouts");
        Double completed = Cell.number(summary, "requests", "completed");
        if (opened == null || opened < requested) {
            problems.add(String.format("only %,.0f of %,d connections opened", opened == null ? 0 : opened, requested));
        }
        if (!(summary.get("server") instanceof Map<?, ?> server) || server.get("memory") == null) {
            problems.add("the server's memory was not read while the connections were held");
        } else if (held != null && opened != null && held < opened) {
            problems.add(String.format("the server held %,.0f of the %,.0f connections open", held, opened));
        }
        if (refused != null && refused > 0) {
            problems.add(String.format("%,.0f connections were refused by the server (ERROR under act 0: over its"
                    + " --max-connections, or a header it would not take)", refused));
        }
        if (closed != null && closed > 0) {
            problems.add(String.format("%,.0f connections were closed by the server", closed));
        }
        if ((errors != null && errors > 0) || (timeouts != null && timeouts > 0)) {
            problems.add(String.format("%,.0f requests failed and %,.0f timed out", errors == null ? 0 : errors,
                    timeouts == null ? 0 : timeouts));
        }
        Double unfinished = Cell.number(summary, "requests", "unfinished");
        if (completed == null || completed == 0) {
            problems.add("no request was answered");
        } else if (lateAnswersFail && unfinished != null && unfinished > 0) {
            problems.add(String.format("%,.0f requests were still unanswered when the run ended (answered: %,.0f)",
                    unfinished, completed));
        }
        if (used == null || opened == null || used < opened) {
            problems.add(String.format("%,.0f of %,.0f connections carried no request",
                    (opened == null ? 0 : opened) - (used == null ? 0 : used), opened == null ? 0 : opened));
        }
        return problems;
    }

    private Map<String, Object> serverJson(String server, ServerProcess process, ServerCosts costs, long requests) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", server);
        json.put("transport", "tcp");
        json.put("pid", process.pid());
        json.put("jvm_flags", settings.serverJvmFlags());
        if (costs != null) {
            json.putAll(costs.toJson(requests));
        } else {
            json.put("probes", null);
        }
        return json;
    }

    private static String failureReason(ServerProcess process, String fallback) {
        String threads = threadFailure(process);
        if (threads != null) {
            return threads;
        }
        if (!process.alive()) {
            return "the server died: " + process.reason();
        }
        return fallback != null ? fallback : process.reason();
    }

    private static String threadFailure(ServerProcess process) {
        String reason = process.reason();
        return reason.startsWith("cannot create more threads") ? reason : null;
    }

    private static int threadFailureAt(List<String> lines, int fallback) {
        for (String line : lines) {
            Matcher m = THREAD_FAILURE.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return fallback;
    }

    // --- mem: the whole cell in a JVM of its own --------------------------------------------------------

    private Cell inCellJvm(String server, Scenario scenario, Path dir) throws IOException, InterruptedException {
        int connections = scenario.connections();
        boolean idle = scenario.kind() == Scenario.Kind.IDLE_CONNECTIONS;
        ChildHeap heap = ChildHeap.forConnections(connections);
        List<String> flags = heap.applyTo(settings.serverJvmFlags(), settings.userChoseHeap());
        listener.heap(cellKey(server, dir), heap);
        if (!settings.userChoseHeap()) {
            listener.line("cell JVM heap " + heap.describe());
        }
        LoadConfig config = idle ? idleConfig(NO_TARGET, connections, Transport.mem())
                : scenario.loadConfig(NO_TARGET, settings.warmup(), settings.duration(), settings.commandLine());
        List<String> args = new ArrayList<>(List.of("load", "--transport", "mem", "--server", server));
        args.addAll(serveArgs(connections, idle));
        if (idle) {
            args.addAll(List.of("--hold", LoadArgs.duration(Scenario.IDLE_HOLD)));
        }
        args.addAll(LoadArgs.of(config));
        args.addAll(List.of("--out", dir.toString()));
        Duration limit = config.timeLimit().plus(CELL_JVM_SLACK);
        if (idle) {     // the hold, outside the load's own limit: the transport baseline, four full collections, the settle
            limit = limit.plus(Scenario.IDLE_HOLD).plusNanos(connections * 20_000L).plus(Settle.limitFor(connections));
        }
        Files.createDirectories(dir);
        Files.deleteIfExists(dir.resolve(LoadResult.SUMMARY_FILE));
        CellProcess cell;
        try {
            cell = CellProcess.start(settings.java(), flags, args, listener::line);
        } catch (IOException e) {
            return failed(server, scenario, dir, "cannot start the cell's JVM: " + e.getMessage(), List.of(), 0);
        }
        currentCell = cell;
        CellProcess.Exit exit;
        try {
            if (stopped) {
                cell.terminate();
            }
            exit = cell.await(limit);
        } finally {
            currentCell = null;
        }
        Path summaryFile = dir.resolve(LoadResult.SUMMARY_FILE);
        if (!Files.isRegularFile(summaryFile)) {
            String reason = exit.timedOut() ? "no result within " + limit.toSeconds() + " s: killed; last line: " + exit.lastLine()
                    : "the cell's JVM exited with code " + exit.exitCode() + ": " + exit.lastLine();
            Cell cellResult = failed(server, scenario, dir, reason, exit.lines(), threadFailureAt(exit.lines(), 0),
                    FailureCause.classify(reason, exit.lines(), exit.exitCode(), exit.timedOut()));
            return stopped ? mark(server, scenario, dir, cellResult.summary(), "partial", "interrupted", null, null) : cellResult;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) JsonReader.read(Files.readString(summaryFile, StandardCharsets.UTF_8));
        if (summary.get("server") instanceof Map<?, ?> s) {
            @SuppressWarnings("unchecked")
            Map<String, Object> serverJson = (Map<String, Object>) s;
            serverJson.put("heap", heap.describe());
        }
        String threadLine = FailureCause.threadFailure(exit.lines());
        List<String> problems = idle ? idleProblems(summary, connections, scenario.lateAnswersFail()) : List.of();
        if (exit.timedOut() || threadLine != null || (exit.exitCode() != null && exit.exitCode() > 1)
                || (!problems.isEmpty() && !stopped)) {
            String reason = exit.timedOut() ? "killed after " + limit.toSeconds() + " s without finishing"
                    : threadLine != null ? threadLine
                    : exit.exitCode() != null && exit.exitCode() > 1 ? "the cell's JVM exited with code " + exit.exitCode()
                    + ": " + exit.lastLine()
                    : String.join("; ", problems);
            Double opened = Cell.number(summary, "connections", "opened");
            return mark(server, scenario, dir, summary, "failed", reason,
                    threadFailureAt(exit.lines(), opened == null ? 0 : opened.intValue()),
                    FailureCause.classify(reason, exit.lines(), exit.exitCode(), exit.timedOut()));
        }
        if (Boolean.TRUE.equals(summary.get("partial"))) {
            Object why = summary.get("stop_reason");
            return mark(server, scenario, dir, summary, "partial", why == null ? "stopped early" : why.toString(), null, null);
        }
        CellFiles.writeSummary(dir, summary);
        return new Cell(server, scenario, "ok", null, null, summary);
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

    // --- results ----------------------------------------------------------------------------------------

    private Cell failed(String server, Scenario scenario, Path dir, String reason, List<String> lines, int atConnections)
            throws IOException {
        return failed(server, scenario, dir, reason, lines, atConnections, FailureCause.classify(reason, lines, null, false));
    }

    private Cell failed(String server, Scenario scenario, Path dir, String reason, List<String> lines, int atConnections,
                        FailureCause cause) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("server", Map.of("name", server));
        summary.put("partial", true);
        return mark(server, scenario, dir, summary, "failed", reason, atConnections, cause);
    }

    /** Records the status in the summary (a {@code cell} object) and rewrites summary.json. */
    private Cell mark(String server, Scenario scenario, Path dir, Map<String, Object> summary, String status,
                      String reason, Integer atConnections, FailureCause cause) throws IOException {
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("status", status);
        cell.put("reason", reason);
        cell.put("failed_at_connections", atConnections);
        cell.put("cause", cause == null ? null : cause.toJson());
        summary.put("cell", cell);
        CellFiles.writeSummary(dir, summary);
        return new Cell(server, scenario, status, reason, cause, summary);
    }

    /** Atomic writes of a cell's files. */
    private static final class CellFiles {
        static void writeSummary(Path dir, Map<String, Object> summary) throws IOException {
            Files.createDirectories(dir);
            LoadResult.writeAtomically(dir.resolve(LoadResult.SUMMARY_FILE),
                    Json.write(summary).getBytes(StandardCharsets.UTF_8));
        }
    }
}
