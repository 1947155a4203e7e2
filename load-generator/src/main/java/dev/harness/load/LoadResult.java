package dev.harness.load;

import dev.harness.load.engine.ErrorKind;
import dev.harness.load.engine.LostKind;
import dev.harness.load.engine.LoopCounters;
import dev.harness.load.record.HistogramFigures;
import dev.harness.load.record.Json;
import dev.harness.load.record.MachineCpu;
import dev.harness.load.record.MeasureWindow;
import dev.harness.load.record.StartClock;
import dev.harness.load.record.ThreadCost;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.HdrHistogram.Histogram;

/**
 * What one run measured: counts, histogram totals (nanoseconds), connection outcomes, the generator's own
 * costs, and the interval log. {@link #summary()} is the content of {@code summary.json};
 * {@link #writeTo(Path)} writes it and {@code histograms.hlog} as a pair, summary.json renamed into place
 * last as the marker that both are whole and on disk. A caller that wants more in the summary (e.g. a
 * {@code server} object) adds to {@link #summary()} and writes with {@link #writeTo(Path, Map)}.
 */
public final class LoadResult {

    public static final String SUMMARY_FILE = "summary.json";
    public static final String LOG_FILE = "histograms.hlog";
    /** CPU use of the I/O threads, as a share of their capacity, at which the generator is saturated. */
    public static final double CPU_SATURATION = 0.90;

    private final LoadConfig config;
    private final LoopCounters counters;
    private final Histogram latency;
    private final Histogram censored;
    private final Histogram service;
    private final Histogram lag;
    private final Histogram ownLag;
    private final Histogram connect;
    private final int opened;
    private final int failed;
    private final long connectElapsedNanos;
    private final long idleHoldNanos;
    private final MeasureWindow window;
    private final MachineCpu.Busy machine;
    private final ThreadCost cost;
    private final int ioThreads;
    private final String stopReason;
    private final StartClock clock;
    private final byte[] log;

    LoadResult(LoadConfig config, LoopCounters counters, Histogram latency, Histogram censored, Histogram service, Histogram lag,
               Histogram ownLag, Histogram connect, int opened, int failed, long connectElapsedNanos,
               long idleHoldNanos, MeasureWindow window, MachineCpu.Busy machine, ThreadCost cost, int ioThreads,
               String stopReason, StartClock clock, byte[] log) {
        this.config = config;
        this.counters = counters;
        this.latency = latency;
        this.censored = censored;
        this.service = service;
        this.lag = lag;
        this.ownLag = ownLag;
        this.connect = connect;
        this.opened = opened;
        this.failed = failed;
        this.connectElapsedNanos = connectElapsedNanos;
        this.idleHoldNanos = idleHoldNanos;
        this.window = window;
        this.machine = machine;
        this.cost = cost;
        this.ioThreads = ioThreads;
        this.stopReason = stopReason;
        this.clock = clock;
        this.log = log.clone();
    }

    public LoadConfig config() {
        return config;
    }

    /** True when the run stopped early: interrupted, target dead, time limit, or an engine failure. */
    public boolean partial() {
        return stopReason != null;
    }

    /** Why the run stopped early, or null. */
    public String stopReason() {
        return stopReason;
    }

    public LoopCounters counters() {
        return counters;
    }

    /**
     * Latency of every measured request, nanoseconds: from the intended send time (open loop) or the send
     * (closed loop) to the answer, or, for a request never answered, to the end of the drain (its censored
     * latency, a lower bound). Its count is {@link #intended()}.
     */
    public Histogram intendedLatency() {
        return latency;
    }

    /** The censored latencies alone: those of the requests never answered ({@link #unanswered()} of them). */
    public Histogram censoredLatency() {
        return censored;
    }

    /** Latency of the answered requests only, nanoseconds: {@link #intendedLatency()} less the censored values. */
    public Histogram answeredLatency() {
        Histogram answered = latency.copy();
        answered.subtract(censored);
        return answered;
    }

    /**
     * Measured requests: in open loop every request whose intended send time fell in the window, sent or
     * dropped; in closed loop every request sent in it.
     */
    public long intended() {
        return counters.sent + counters.dropped;
    }

    /** Measured requests never answered right: dropped, failed, timed out, lost or unfinished. */
    public long unanswered() {
        return counters.unanswered;
    }

    /** Whether the server kept up with the load, and if not why ({@link LoadStatus}). */
    public LoadStatus status() {
        return LoadStatus.of(this);
    }

    public Histogram serviceTime() {
        return service;
    }

    public Histogram lag() {
        return lag;
    }

    public Histogram connectTime() {
        return connect;
    }

    public int connectionsOpened() {
        return opened;
    }

    public int connectionsFailed() {
        return failed;
    }

    /** Time the connector took for all connections: from the first initiated to the last established. */
    public long connectElapsedNanos() {
        return connectElapsedNanos;
    }

    /** Connections that carried at least one request (warmup included); at most {@link #connectionsOpened()}. */
    public long connectionsUsed() {
        return counters.connectionsUsed;
    }

    /** How long the caller's idle hold kept the connections open and idle before the load started. */
    public long idleHoldNanos() {
        return idleHoldNanos;
    }

    /** The interval every figure covers: the generator's counts and costs, and what callers probe around it. */
    public MeasureWindow window() {
        return window;
    }

    /** How busy the whole machine was over the window; null where {@code /proc/stat} could not be read. */
    public MachineCpu.Busy machine() {
        return machine;
    }

    /**
     * Correct answers that arrived inside the window ({@code [window start, window end]}), whichever request
     * they answer: the divisor of every per-request cost, since the costs are read over the same interval.
     */
    public long completedInWindow() {
        return counters.completedInWindow;
    }

    /** Answers that arrived inside the window ({@link #completedInWindow()}) per second of the window. */
    public double throughputPerSecond() {
        return counters.completedInWindow / (window.nanos() / 1e9);
    }

    public long errors() {
        return counters.errorTotal();
    }

    /** The I/O threads' CPU over the window per answer that arrived in it. */
    public double cpuMicrosPerRequest() {
        return completedInWindow() == 0 ? 0 : cost.cpuNanos() / 1000.0 / completedInWindow();
    }

    /** The I/O threads' context switches over the window per answer that arrived in it. */
    public double ctxSwitchesPerRequest() {
        return completedInWindow() == 0 ? 0 : (double) cost.ctxSwitches() / completedInWindow();
    }

    /** CPU of the I/O threads over the measured window, as a share of {@code threads × window}. */
    public double cpuShareOfCapacity() {
        return cost.cpuNanos() / ((double) ioThreads * window.nanos());
    }

    /** Why the generator itself was the bottleneck; empty when it was not. */
    public List<String> saturationReasons() {
        List<String> reasons = new ArrayList<>();
        long ownLagP99 = ownLag.getTotalCount() == 0 ? 0 : ownLag.getValueAtPercentile(99);
        if (config.openLoop() && ownLagP99 > config.saturationLag().toNanos()) {
            reasons.add(String.format("the generator's own schedule lag p99 is %.0f us, over %d us: sends leave late "
                    + "although connections are free; use more --threads or a lower --rate",
                    ownLagP99 / 1000.0, config.saturationLag().toNanos() / 1000));
        }
        if (cost.available() && cpuShareOfCapacity() >= CPU_SATURATION) {
            reasons.add(String.format("the %d I/O thread(s) used %.0f%% of their CPU capacity: the generator may "
                    + "be the bottleneck; use more --threads or run it on its own cores", ioThreads,
                    100 * cpuShareOfCapacity()));
        }
        return reasons;
    }

    public boolean saturated() {
        return !saturationReasons().isEmpty();
    }

    private static double us(Histogram h, double percentile) {
        return HistogramFigures.micros(h, percentile);
    }

    private static double round(double v) {
        return HistogramFigures.round(v);
    }

    /** The content of summary.json, in order; a fresh, modifiable map. */
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        LoadStatus status = status();
        s.put("status", status.overloaded() ? "overloaded" : "ok");
        s.put("status_reasons", status.reasons());
        s.put("mode", config.openLoop() ? "open loop" : "closed loop");
        s.put("latency_from", config.openLoop() ? "intended send time" : "actual send time (closed loop)");
        s.put("throughput_rps", round(throughputPerSecond()));
        s.put("measured_s", round(window.nanos() / 1e9));
        s.put("window", window.toJson());
        s.put("clock", clock.toJson());
        s.put("machine", machine == null ? null : machine.toJson());
        HistogramFigures.putLatencies(s, latency, censored, service, lag, ownLag);
        Map<String, Object> requests = new LinkedHashMap<>();
        requests.put("intended", intended());
        requests.put("sent", counters.sent);
        requests.put("completed", counters.completed);
        requests.put("completed_in_window", counters.completedInWindow);
        requests.put("unanswered", counters.unanswered);
        requests.put("errors", counters.errorTotal());
        requests.put("out_of_order", counters.outOfOrder);
        requests.put("timeouts", counters.timeouts);
        requests.put("late_sends", counters.lateSends);
        requests.put("dropped", counters.dropped);
        requests.put("unfinished", counters.unfinished);
        requests.put("events", counters.events);
        Map<String, Object> kinds = new LinkedHashMap<>();
        for (ErrorKind kind : ErrorKind.values()) {
            kinds.put(kind.jsonName(), counters.errors[kind.ordinal()]);
        }
        requests.put("errors_by_kind", kinds);
        Map<String, Object> lostKinds = new LinkedHashMap<>();
        for (LostKind kind : LostKind.values()) {
            lostKinds.put(kind.jsonName(), counters.lost[kind.ordinal()]);
        }
        requests.put("lost_by_kind", lostKinds);
        s.put("requests", requests);
        Map<String, Object> connections = new LinkedHashMap<>();
        connections.put("opened", opened);
        connections.put("failed", failed);
        connections.put("used", counters.connectionsUsed);
        connections.put("closed_by_peer", counters.connectionsClosed);
        connections.put("reconnects", counters.reconnects);
        connections.put("reconnect_ms", round(counters.reconnectNanos / 1e6));
        connections.put("lost", counters.connectionsLost);
        connections.put("transport", config.transport().name());
        connections.put("connector", config.connector().name().toLowerCase(java.util.Locale.ROOT));
        connections.put("connect_all_ms", round(connectElapsedNanos / 1e6));
        connections.put("idle_hold_ms", round(idleHoldNanos / 1e6));
        connections.put("connect_us", HistogramFigures.connectMicros(connect));
        s.put("connections", connections);
        Map<String, Object> generator = new LinkedHashMap<>();
        generator.put("cpu_us_per_request", round(cpuMicrosPerRequest()));
        generator.put("ctx_switches_per_request", round(ctxSwitchesPerRequest()));
        generator.put("cpu_share_of_io_threads", round(cpuShareOfCapacity()));
        generator.put("threads", ioThreads);
        generator.put("costs_measured", cost.available());
        generator.put("saturated", saturated());
        generator.put("saturation_reasons", saturationReasons());
        s.put("generator", generator);
        s.put("config", config.toMap());
        s.put("partial", partial());
        s.put("stop_reason", stopReason);
        Map<String, Object> environment = new LinkedHashMap<>();
        environment.put("jdk", System.getProperty("java.vm.name") + " " + Runtime.version());
        environment.put("jvm_flags", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        environment.put("cores", Runtime.getRuntime().availableProcessors());
        environment.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        s.put("environment", environment);
        return s;
    }

    /** The short human summary for stdout. */
    public String humanSummary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%s, %s %s, %d connections x %d inflight, %d thread(s)%s%n",
                config.openLoop() ? "open loop at " + (long) config.rate() + " req/s (latency from intended send time)"
                        : "closed loop (latency = service time)",
                config.protocol().cliName(), config.workload().cliName(), opened, config.inflight(), ioThreads,
                partial() ? "  PARTIAL: " + stopReason : ""));
        b.append(String.format("  throughput %,.0f req/s (answers inside the %.1f s window); intended %d, sent %d, "
                        + "completed %d (%d inside the window)%n", throughputPerSecond(), window.nanos() / 1e9, intended(),
                counters.sent, counters.completed, counters.completedInWindow));
        b.append(String.format("  unanswered %d: dropped %d, unfinished %d, timeouts %d; errors %d, out of order %d%n",
                counters.unanswered, counters.dropped, counters.unfinished, counters.timeouts, counters.errorTotal(),
                counters.outOfOrder));
        b.append(String.format("  latency us   p50 %,.0f  p90 %,.0f  p99 %,.0f  p99.9 %,.0f  max %,.0f  (every intended request%s)%n",
                us(latency, 50), us(latency, 90), us(latency, 99), us(latency, 99.9),
                latency.getTotalCount() == 0 ? 0.0 : latency.getMaxValue() / 1000.0,
                censored.getTotalCount() == 0 ? "" : String.format("; %d censored at the end of the drain: a lower bound",
                        censored.getTotalCount())));
        Histogram answered = answeredLatency();
        b.append(String.format("  answered us  p50 %,.0f  p99 %,.0f  (%d answered requests only)%n", us(answered, 50),
                us(answered, 99), answered.getTotalCount()));
        b.append(String.format("  service us   p50 %,.0f  p99 %,.0f;  lag us p99 %,.0f max %,.0f%n",
                us(service, 50), us(service, 99), us(lag, 99), lag.getTotalCount() == 0 ? 0.0 : lag.getMaxValue() / 1000.0));
        b.append(String.format("  connections  opened %d, failed %d, used %d; connect p50 %,.0f us p99 %,.0f us "
                        + "(all in %.0f ms, %s over %s)%n",
                opened, failed, counters.connectionsUsed, us(connect, 50), us(connect, 99), connectElapsedNanos / 1e6,
                config.connector().name().toLowerCase(java.util.Locale.ROOT), config.transport().name()));
        if (counters.connectionsClosed > 0) {
            b.append(String.format("  reconnects   %d of %d closed connections (%.0f ms reconnecting), %d lost for good%n",
                    counters.reconnects, counters.connectionsClosed, counters.reconnectNanos / 1e6,
                    counters.connectionsLost));
        }
        b.append(String.format("  generator    %.2f us CPU and %.3f context switches per request%n",
                cpuMicrosPerRequest(), ctxSwitchesPerRequest()));
        if (clock.startAt() != null) {
            b.append(String.format("  start        at %s (%.1f ms late), generator %d of %d; clock offset %s%n", clock.startAt(),
                    clock.startLateNanos() / 1e6, config.share().index(), config.share().of(), clock.offset().known()
                            ? String.format("%.3f ms (%s)", clock.offset().offsetMillis(), clock.offset().source())
                            : "unknown (" + clock.offset().source() + ")"));
        }
        if (machine != null) {
            b.append(String.format("  machine      %.0f%% of %d cores busy in the window (server, generator and the rest)%n",
                    100 * machine.cpuBusy(), machine.cores()));
        }
        for (String reason : saturationReasons()) {
            b.append("  WARNING: generator saturated: ").append(reason).append('\n');
        }
        for (String reason : status().reasons()) {
            b.append("  OVERLOADED: ").append(reason).append('\n');
        }
        return b.toString();
    }

    /**
     * Writes summary.json and histograms.hlog into {@code dir} (created if needed) as a pair: summary.json is the
     * marker that the pair is complete. Both are written and forced to disk in a fresh temporary folder inside
     * {@code dir}; then an earlier summary.json is removed, histograms.hlog is renamed into place, and
     * summary.json last. So while a summary.json stands, the histograms.hlog beside it is the one written with
     * it, whole and on disk; a write that fails leaves no summary.json and nothing temporary. Costs an fsync per
     * file and one of {@code dir}.
     */
    public void writeTo(Path dir) throws IOException {
        writeTo(dir, summary());
    }

    /** As {@link #writeTo(Path)}, with a summary the caller has extended. */
    public void writeTo(Path dir, Map<String, Object> summary) throws IOException {
        writePair(dir, log, summary);
    }

    /** Writes {@code log} as histograms.hlog and {@code summary} as summary.json into {@code dir}, as {@link #writeTo(Path)}. */
    public static void writePair(Path dir, byte[] log, Map<String, Object> summary) throws IOException {
        SequencedMap<String, byte[]> files = new LinkedHashMap<>();
        files.put(LOG_FILE, log);
        files.put(SUMMARY_FILE, Json.write(summary).getBytes(StandardCharsets.UTF_8));
        writeInOrder(dir, files);
    }

    /**
     * Replaces {@code file} with {@code content} atomically: a reader sees the old file or the new one, whole and
     * on disk, never a part; the temporary name is one no other writer gets.
     */
    public static void writeAtomically(Path file, byte[] content) throws IOException {
        Path absolute = file.toAbsolutePath();
        SequencedMap<String, byte[]> files = new LinkedHashMap<>();
        files.put(absolute.getFileName().toString(), content);
        writeInOrder(absolute.getParent(), files);
    }

    /**
     * Writes {@code files} (name to content) into {@code dir}, the last one as the marker that the others are
     * complete. Each is written and forced in a folder {@link Files#createTempDirectory} makes inside {@code dir}
     * (a name no two writers get; the same file system, so each rename is atomic); then, when there are others,
     * the marker's predecessor is removed; the files are renamed into place in order, and {@code dir} is forced
     * so the renames survive a crash. Whatever is left in the temporary folder is removed, also on failure.
     */
    private static void writeInOrder(Path dir, SequencedMap<String, byte[]> files) throws IOException {
        Files.createDirectories(dir);
        Path staging = Files.createTempDirectory(dir, ".writing-");
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                try (FileChannel channel = FileChannel.open(staging.resolve(file.getKey()), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    ByteBuffer content = ByteBuffer.wrap(file.getValue());
                    while (content.hasRemaining()) {
                        channel.write(content);
                    }
                    channel.force(true);
                }
            }
            if (files.size() > 1) {
                Files.deleteIfExists(dir.resolve(files.lastEntry().getKey()));
            }
            for (String name : files.keySet()) {
                Files.move(staging.resolve(name), dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            }
            try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
                directory.force(true);
            }
        } finally {
            for (String name : files.keySet()) {
                Files.deleteIfExists(staging.resolve(name));
            }
            Files.delete(staging);
        }
    }
}
