package dev.harness.cli.run;

import dev.harness.cli.measure.IdleMemory;
import dev.harness.cli.measure.ServerReport;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A row of the report and a key of {@code repeats.metrics} in an aggregate summary.json: what it is called
 * there ({@code key}, the field's path in a cell's summary.json), its label, which way is better, how to read
 * it from a load that ran, and the resolution below which it is noise.
 *
 * <p>Resolution: a server's heap and RSS per idle connection are differences of two readings of the whole
 * process, divided by the connections held; the collector and the allocator move the process's own figures
 * by up to a fixed amount whatever the connections, so that amount divided by the connections is the
 * smallest per-connection figure the cell can tell from zero. The floors ({@link #HEAP_NOISE_TCP_BYTES} and
 * the others) are the largest whole-process differences measured with only 10 connections held (their own
 * cost included, so an upper bound of the noise), rounded up to a power of two: over tcp 155 KiB of heap
 * and 1.6 MiB of RSS, over mem 1.5 MB and 6.8 MB (README, "How much noise"). Over tcp the largest heap swing
 * seen is larger still, -388 KB in a ci run (-1,940 bytes per connection over 200), so its floor is that
 * rounded up: 512 KiB. A metric with a resolution is a cost
 * per connection: negative, it is noise too and is never ranked best.
 *
 * @param key        the metric's name under {@code repeats.metrics}: the field's path in summary.json
 * @param label      the report's row label
 * @param better     which way is better
 * @param value      the value from a load that ran; null when it lacks the figure
 * @param decimals   decimals shown
 * @param resolution the value's resolution in a load that ran; null when it has none
 */
record Metric(String key, String label, Better better, Function<CellSummary.Measured, Double> value, int decimals,
              Function<CellSummary.Measured, Double> resolution) {

    /** Which way a metric is better; NONE shows no ratio (a count to read, not to rank). */
    enum Better { HIGHER, LOWER, NONE }

    /** Over tcp: a server JVM's heap after {@code jcmd GC.run} swung by 388 KB in a ci run of 200 connections. */
    static final long HEAP_NOISE_TCP_BYTES = 512L << 10;
    /** Over tcp: a server JVM's RSS moved by at most 1.6 MiB with 10 connections held. */
    static final long RSS_NOISE_TCP_BYTES = 2L << 20;
    /** Over mem: a cell JVM's heap after a full GC moved by at most 1.5 MB with 10 connections held. */
    static final long HEAP_NOISE_MEM_BYTES = 2L << 20;
    /** Over mem: a cell JVM's RSS moved by at most 6.8 MB with 10 connections held. */
    static final long RSS_NOISE_MEM_BYTES = 8L << 20;

    static final List<Metric> LOAD = List.of(
            new Metric("throughput_rps", "throughput, req/s (higher is better)", Better.HIGHER,
                    m -> m.figures().requestsPerSecond(), 0, null),
            new Metric("latency_us.p50", "latency p50, µs", Better.LOWER, m -> m.figures().latencyP50Micros(), 0, null),
            new Metric("latency_us.p99", "latency p99, µs", Better.LOWER, m -> m.figures().latencyP99Micros(), 0, null),
            new Metric("latency_us.p999", "latency p99.9, µs", Better.LOWER, m -> m.figures().latencyP999Micros(), 0, null),
            new Metric("latency_us.max", "latency max, µs", Better.LOWER, m -> m.figures().latencyMaxMicros(), 0, null),
            new Metric("server.ctx_switches_per_request", "server context switches / request", Better.LOWER,
                    m -> m.server().ctxSwitchesPerRequest(), 3, null),
            new Metric("server.cpu_us_per_request", "server CPU µs / request", Better.LOWER,
                    m -> m.server().cpuMicrosPerRequest(), 1, null),
            new Metric("server.threads", "server threads", Better.LOWER, m -> number(m.server().threads()), 0, null),
            new Metric("server.loop_blocking.blocked_ms", "server event loops blocked, ms in the window", Better.LOWER,
                    m -> m.server().loopBlocking() == null ? null : m.server().loopBlocking().blockedMillis(), 1, null),
            new Metric("requests.errors_and_timeouts", "errors + timeouts", Better.LOWER,
                    m -> sum(m.figures().errors(), m.figures().timeouts()), 0, null),
            new Metric("requests.out_of_order", "out-of-order answers", Better.NONE, m -> m.figures().outOfOrder(), 0, null),
            new Metric("generator.cpu_us_per_request", "generator CPU µs / request", Better.LOWER,
                    m -> m.figures().generatorCpuMicrosPerRequest(), 1, null),
            new Metric("machine.cpu_busy", "machine CPU busy, % of all cores", Better.NONE,
                    m -> percent(m.figures().machineCpuBusy()), 0, null));

    /** The rows a cost comparison (echo-cost) leads with: what each server pays per request, and its tail. */
    private static final List<String> COST_KEYS = List.of("server.cpu_us_per_request", "server.ctx_switches_per_request",
            "latency_us.p99");

    /** {@link #LOAD} with the {@link #COST_KEYS} rows first, in that order. */
    static final List<Metric> COST = Stream.concat(
            COST_KEYS.stream().map(key -> LOAD.stream().filter(m -> m.key().equals(key)).findFirst().orElseThrow()),
            LOAD.stream().filter(m -> !COST_KEYS.contains(m.key()))).toList();

    private static final Metric OPENED = new Metric("connections.opened", "connections opened", Better.HIGHER,
            m -> m.figures().opened(), 0, null);
    private static final Metric CONNECT_ALL = new Metric("connections.connect_all_ms", "time to open them all, ms",
            Better.LOWER, m -> m.figures().connectAllMillis(), 0, null);

    /** The rows of a connect storm: how long the connector took to open them all, then {@link #LOAD}. */
    static final List<Metric> CONNECT = Stream.concat(Stream.of(OPENED, CONNECT_ALL), LOAD.stream()).toList();

    /** What the server held per connection while its connections were idle, before any request. */
    private static final List<Metric> IDLE_MEMORY = List.of(
            new Metric("server.memory.heap_bytes_per_connection", "server heap bytes / idle connection", Better.LOWER,
                    m -> memory(m) == null ? null : memory(m).heapBytesPerConnection(), 0,
                    m -> perConnection(m, HEAP_NOISE_TCP_BYTES, HEAP_NOISE_MEM_BYTES)),
            new Metric("server.memory.rss_bytes_per_connection", "server RSS bytes / idle connection", Better.LOWER,
                    m -> memory(m) == null ? null : memory(m).rssBytesPerConnection(), 0,
                    m -> perConnection(m, RSS_NOISE_TCP_BYTES, RSS_NOISE_MEM_BYTES)),
            new Metric("server.memory.threads", "server threads, connections held", Better.LOWER,
                    m -> memory(m) == null ? null : number(memory(m).threads()), 0, null));

    /**
     * The rows of a blocking-call scenario: {@link #LOAD}, what each connection cost the server while held idle
     * before the requests ({@link #IDLE_MEMORY}), and the threads of proactor-act's pool for the blocking calls
     * at the window's end (0 for the thread models, which block the connection's own thread).
     */
    static final List<Metric> BLOCKING = Stream.of(LOAD, IDLE_MEMORY, List.of(new Metric("server.blocking_pool_threads",
            "server Session.blocking pool threads, window's end", Better.NONE,
            m -> number(m.server().blockingPoolThreads()), 0, null))).flatMap(List::stream).toList();

    static final List<Metric> IDLE = Stream.of(List.of(OPENED, CONNECT_ALL), IDLE_MEMORY, List.of(
            new Metric("requests.completed", "requests completed", Better.NONE, m -> m.figures().completed(), 0, null),
            new Metric("connections.used", "connections used", Better.HIGHER, m -> m.figures().used(), 0, null),
            new Metric("latency_us.p50", "latency p50, µs", Better.LOWER, m -> m.figures().latencyP50Micros(), 0, null),
            new Metric("latency_us.p99", "latency p99, µs", Better.LOWER, m -> m.figures().latencyP99Micros(), 0, null),
            new Metric("latency_us.p999", "latency p99.9, µs", Better.LOWER, m -> m.figures().latencyP999Micros(), 0, null),
            new Metric("latency_us.max", "latency max, µs", Better.LOWER, m -> m.figures().latencyMaxMicros(), 0, null)))
            .flatMap(List::stream).toList();

    /** The rows of {@code scenario}; none for a breaking-point climb, which has a table of its own. */
    static List<Metric> of(Scenario scenario) {
        return switch (scenario.kind()) {
            case LOAD -> scenario.comparesCost() ? COST : scenario.comparesConnect() ? CONNECT
                    : scenario.blocksCalls() ? BLOCKING : LOAD;
            case IDLE_CONNECTIONS -> IDLE;
            case BREAKING_POINT -> List.of();
        };
    }

    /**
     * This metric over {@code cell}: its repeats' spread when the cell is an aggregate, else its one value as a
     * spread of one; null when the cell failed or lacks the figure.
     */
    Spread spread(Cell cell) {
        if (cell.status() == CellStatus.FAILED) {
            return null;
        }
        if (cell.summary() instanceof Repeats.Aggregate aggregate) {
            return aggregate.repeats().metrics().get(key);
        }
        CellSummary.Measured measured = cell.measured();
        Double v = measured == null ? null : value.apply(measured);
        return v == null ? null : Spread.of(List.of(v), resolutionOf(measured));
    }

    /** The resolution of this metric in {@code measured}; null when it has none. */
    Double resolutionOf(CellSummary.Measured measured) {
        return resolution == null ? null : resolution.apply(measured);
    }

    /** True when {@code spread} may be ranked: above its resolution and, for a cost per connection, not negative. */
    boolean rankable(Spread spread) {
        return better != Better.NONE && !spread.belowResolution() && !(resolution != null && spread.median() < 0);
    }

    private static IdleMemory memory(CellSummary.Measured m) {
        return m.server().memory();
    }

    /** A process-wide noise floor, tcp's or mem's, divided by the connections held; null when none were. */
    private static Double perConnection(CellSummary.Measured m, long tcpBytes, long memBytes) {
        IdleMemory memory = memory(m);
        if (memory == null || memory.connectionsHeld() <= 0) {
            return null;
        }
        long floor = m.server() instanceof ServerReport.OverMem ? memBytes : tcpBytes;
        return (double) floor / memory.connectionsHeld();
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
