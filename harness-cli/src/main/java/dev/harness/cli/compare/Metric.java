package dev.harness.cli.compare;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A figure that {@code harness compare} checks, where it is in a cell's {@code summary.json}, which way is
 * better, and whether it is a count or a time. Counts (context switches, threads, bytes per connection) barely
 * move between runs of one commit, so their tolerances are tight. Times and rates move with whatever else the
 * machine does, so their tolerances are wide and each is also compared as a ratio between two servers of
 * the same run, which cancels what the machine did to both.
 */
public enum Metric {
    THROUGHPUT_RPS("throughput_rps", Kind.TIME, Better.HIGHER),
    P50_US("latency_us.p50", Kind.TIME, Better.LOWER),
    P99_US("latency_us.p99", Kind.TIME, Better.LOWER),
    CPU_US_PER_REQUEST("server.cpu_us_per_request", Kind.TIME, Better.LOWER),
    CTX_SWITCHES_PER_REQUEST("server.ctx_switches_per_request", Kind.COUNT, Better.LOWER),
    THREADS("server.threads", Kind.COUNT, Better.LOWER),
    HEAP_BYTES_PER_CONNECTION("server.memory.heap_bytes_per_connection", Kind.COUNT, Better.LOWER),
    RSS_BYTES_PER_CONNECTION("server.memory.rss_bytes_per_connection", Kind.COUNT, Better.LOWER);

    /** A count barely moves between runs of one commit; a time moves with the machine. */
    public enum Kind { COUNT, TIME }

    /** Which way is better. */
    public enum Better { LOWER, HIGHER }

    private final String path;
    private final Kind kind;
    private final Better better;

    Metric(String path, Kind kind, Better better) {
        this.path = path;
        this.kind = kind;
        this.better = better;
    }

    /** Its name in thresholds, the tolerances file and the output: {@code p99_us}, {@code threads}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Where it is in summary.json, dotted: {@code latency_us.p99}. */
    public String path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }

    public Better better() {
        return better;
    }

    /** The metric whose {@link #key()} is {@code key}. */
    public static Metric byKey(String key) {
        for (Metric m : values()) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + key + "'; the metrics are " + keys());
    }

    /** Every key, comma-separated. */
    public static String keys() {
        return Arrays.stream(values()).map(Metric::key).collect(Collectors.joining(", "));
    }
}
