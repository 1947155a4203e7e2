package dev.harness.cli.run;

import dev.harness.load.LoadConfig;
import dev.harness.load.LoadException;
import dev.harness.load.LoadResult;
import dev.harness.load.LoadRunner;
import dev.harness.load.ProgressListener;
import dev.harness.load.connector.Connector;
import dev.harness.load.record.Json;
import dev.harness.server.ServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Runs one server × scenario: starts the server in its own JVM, drives it (a load, or idle connections),
 * reads the server's costs around the measurement window, and writes the cell's {@code summary.json}
 * (the generator's summary with a {@code server} object) and {@code histograms.hlog}.
 *
 * <p>Failures are results: a server that cannot start, dies, or cannot create threads for its connections
 * gives a cell marked {@code failed} with the reason and the connection count where it failed.
 */
final class CellRunner {

    /** How long idle connections are held before the server is read: time for it to settle. */
    static final Duration IDLE_HOLD = Duration.ofSeconds(2);
    private static final Pattern THREAD_FAILURE = Pattern.compile("cannot start a thread for connection (\\d+)");

    private final String java;
    private final List<String> jvmFlags;
    private final Duration warmup;
    private final Duration duration;
    private final List<String> commandLine;
    private final Consumer<ProgressListener.Progress> progress;
    private volatile LoadRunner current;
    private volatile boolean stopped;

    CellRunner(String java, List<String> jvmFlags, Duration warmup, Duration duration, List<String> commandLine,
               Consumer<ProgressListener.Progress> progress) {
        this.java = java;
        this.jvmFlags = List.copyOf(jvmFlags);
        this.warmup = warmup;
        this.duration = duration;
        this.commandLine = List.copyOf(commandLine);
        this.progress = progress;
    }

    /** Stops the cell under way (Ctrl-C): its result is written, marked partial. */
    void stop() {
        stopped = true;
        LoadRunner runner = current;
        if (runner != null) {
            runner.stop();
        }
    }

    Cell run(String server, Scenario scenario, Path dir) throws IOException, InterruptedException {
        ServerProcess process;
        try {
            // the server's default --max-connections would refuse a scenario with more connections than it
            process = ServerProcess.start(java, jvmFlags, server,
                    List.of("--max-connections", Integer.toString(Math.max(ServerConfig.DEFAULT_MAX_CONNECTIONS, scenario.connections()))),
                    Duration.ofSeconds(30));
        } catch (IOException e) {
            return failed(server, scenario, dir, "cannot start: " + e.getMessage(), 0, Map.of());
        }
        try (process) {
            return scenario.idle() ? runIdle(server, scenario, dir, process) : runLoad(server, scenario, dir, process);
        }
    }

    private Cell runLoad(String server, Scenario scenario, Path dir, ServerProcess process)
            throws IOException, InterruptedException {
        LoadConfig config = scenario.loadConfig(process.address(), warmup, duration, commandLine);
        ServerCosts[] costs = new ServerCosts[1];
        LoadRunner runner = new LoadRunner(config, progress::accept, new LoadRunner.WindowListener() {
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
        });
        current = runner;
        LoadResult result;
        try {
            result = runner.run();
        } catch (LoadException e) {
            return failed(server, scenario, dir, failureReason(process, e.getMessage()), 0, Map.of());
        } finally {
            current = null;
        }
        Map<String, Object> summary = new LinkedHashMap<>(result.summary());
        boolean windowRead = costs[0] != null && costs[0].closed();
        summary.put("server", serverJson(server, process, windowRead ? costs[0] : null, result.counters().completed, 0));
        result.writeTo(dir, summary);
        String threadFailure = threadFailure(process);
        if (!process.alive() || threadFailure != null) {
            int at = threadFailureAt(process, result.connectionsOpened());
            return mark(server, scenario, dir, summary, "failed", failureReason(process, result.stopReason()), at);
        }
        if (result.partial() || !windowRead) {
            return mark(server, scenario, dir, summary, "partial",
                    result.stopReason() != null ? result.stopReason() : "the measurement window did not complete", null);
        }
        return new Cell(server, scenario, "ok", null, summary);
    }

    private Cell runIdle(String server, Scenario scenario, Path dir, ServerProcess process)
            throws IOException, InterruptedException {
        Thread.sleep(Duration.ofSeconds(1));
        ServerCosts costs = ServerCosts.open(process.pid());
        SingleWriterRecorder connectNanos = new SingleWriterRecorder(3);
        Connector connector = new Connector(Connector.Mode.ASYNC, process.address(), List.of(), 0, 512,
                Duration.ofSeconds(5), connectNanos, () -> stopped || !process.alive());
        long startMillis = System.currentTimeMillis();
        Connector.Outcome outcome = connector.connect(scenario.connections());
        try {
            Thread.sleep(IDLE_HOLD);
            boolean alive = process.alive();
            if (alive) {
                try {
                    costs.close();
                } catch (IllegalStateException e) {
                    alive = false;
                }
            }
            Histogram connect = connectNanos.getIntervalHistogram();
            Map<String, Object> summary = idleSummary(scenario, outcome, connect);
            summary.put("server", serverJson(server, process, alive ? costs : null, 0, outcome.channels().size()));
            CellFiles.write(dir, summary, hlog(connect, startMillis));
            String threadFailure = threadFailure(process);
            if (!alive || threadFailure != null || outcome.failed() > 0) {
                String reason = outcome.failed() > 0 && alive && threadFailure == null
                        ? outcome.failed() + " of " + scenario.connections() + " connects failed: " + outcome.firstFailure()
                        : failureReason(process, outcome.firstFailure());
                return mark(server, scenario, dir, summary, "failed", reason,
                        threadFailureAt(process, outcome.channels().size()));
            }
            if (stopped) {
                return mark(server, scenario, dir, summary, "partial", "interrupted", null);
            }
            return new Cell(server, scenario, "ok", null, summary);
        } finally {
            if (!costs.closed()) {
                costs.abandon();
            }
            for (SocketChannel channel : outcome.channels()) {
                channel.close();
            }
        }
    }

    private static Map<String, Object> idleSummary(Scenario scenario, Connector.Outcome outcome, Histogram connect) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("mode", "idle connections");
        Map<String, Object> connections = new LinkedHashMap<>();
        connections.put("requested", scenario.connections());
        connections.put("opened", outcome.channels().size());
        connections.put("failed", outcome.failed());
        connections.put("connector", "async");
        connections.put("connect_all_ms", ServerCosts.round(outcome.elapsedNanos() / 1e6));
        Map<String, Object> connectUs = new LinkedHashMap<>();
        connectUs.put("p50", connect.getTotalCount() == 0 ? 0.0 : connect.getValueAtPercentile(50) / 1000.0);
        connectUs.put("p99", connect.getTotalCount() == 0 ? 0.0 : connect.getValueAtPercentile(99) / 1000.0);
        connections.put("connect_us", connectUs);
        summary.put("connections", connections);
        summary.put("hold_s", IDLE_HOLD.toSeconds());
        summary.put("partial", false);
        return summary;
    }

    private static byte[] hlog(Histogram connect, long startMillis) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.outputComment("harness run: idle connections, connect times in nanoseconds");
            writer.outputLogFormatVersion();
            writer.outputStartTime(startMillis);
            writer.setBaseTime(startMillis);
            writer.outputLegend();
            connect.setTag("connect");
            connect.setStartTimeStamp(startMillis);
            connect.setEndTimeStamp(System.currentTimeMillis());
            writer.outputIntervalHistogram(connect);
        }
        return bytes.toByteArray();
    }

    private Map<String, Object> serverJson(String server, ServerProcess process, ServerCosts costs, long requests,
                                           int connections) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", server);
        json.put("pid", process.pid());
        json.put("jvm_flags", jvmFlags);
        if (costs != null) {
            json.putAll(costs.toJson(requests, connections));
        } else {
            json.put("probes", null);
        }
        return json;
    }

    private Cell failed(String server, Scenario scenario, Path dir, String reason, int atConnections,
                        Map<String, Object> base) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>(base);
        summary.put("server", Map.of("name", server));
        summary.put("partial", true);
        return mark(server, scenario, dir, summary, "failed", reason, atConnections);
    }

    /** Records the status in the summary (a {@code cell} object) and rewrites summary.json. */
    private Cell mark(String server, Scenario scenario, Path dir, Map<String, Object> summary, String status,
                      String reason, Integer atConnections) throws IOException {
        Map<String, Object> cell = new LinkedHashMap<>();
        cell.put("status", status);
        cell.put("reason", reason);
        cell.put("failed_at_connections", atConnections);
        summary.put("cell", cell);
        CellFiles.writeSummary(dir, summary);
        return new Cell(server, scenario, status, reason, summary);
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

    private static int threadFailureAt(ServerProcess process, int fallback) {
        Matcher m = THREAD_FAILURE.matcher(process.reason());
        return m.find() ? Integer.parseInt(m.group(1)) : fallback;
    }

    /** Atomic writes of a cell's files. */
    private static final class CellFiles {
        static void write(Path dir, Map<String, Object> summary, byte[] hlog) throws IOException {
            Files.createDirectories(dir);
            LoadResult.writeAtomically(dir.resolve(LoadResult.LOG_FILE), hlog);
            writeSummary(dir, summary);
        }

        static void writeSummary(Path dir, Map<String, Object> summary) throws IOException {
            Files.createDirectories(dir);
            LoadResult.writeAtomically(dir.resolve(LoadResult.SUMMARY_FILE),
                    Json.write(summary).getBytes(StandardCharsets.UTF_8));
        }
    }
}
