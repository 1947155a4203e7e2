package dev.harness.cli.measure;

import java.util.Map;

/**
 * A server process's costs over a measurement window, read from {@code /proc/PID} by {@link ServerCosts}: the
 * per-request figures and the raw readings ({@code server.probes} of summary.json).
 *
 * @param ctxSwitchesPerRequest the server's context switches in the window per request; null without requests
 * @param cpuMicrosPerRequest   its CPU time (user + system, all threads) in the window per request, µs; null
 *                             without requests
 * @param threads               its live threads at the end of the window
 * @param probes                the raw readings
 */
public record WindowCosts(Double ctxSwitchesPerRequest, Double cpuMicrosPerRequest, int threads, Probes probes) {

    /**
     * The raw readings of a window.
     *
     * @param windowSeconds          the window's length
     * @param ctxSwitches            context switches summed over {@code /proc/PID/task/*}{@code /status}
     * @param ctxSwitchesVoluntary   the voluntary ones
     * @param ctxSwitchesInvoluntary the involuntary ones
     * @param perfCtxSwitches        {@code perf stat -e context-switches} over the window; null without perf
     * @param perfOverProc           perf's count over /proc's; null without perf
     * @param cpuMillis              CPU time in the window
     * @param threadsBefore          threads at the start
     * @param threadsAfter           threads at the end
     * @param rssBytesBefore         RSS at the start
     * @param rssBytesAfter          RSS at the end
     * @param peakRssBytes           peak RSS at the end
     * @param fdsBefore              open file descriptors at the start
     * @param fdsAfter               open file descriptors at the end
     */
    public record Probes(double windowSeconds, long ctxSwitches, long ctxSwitchesVoluntary, long ctxSwitchesInvoluntary,
                         Long perfCtxSwitches, Double perfOverProc, double cpuMillis, int threadsBefore, int threadsAfter,
                         long rssBytesBefore, long rssBytesAfter, long peakRssBytes, int fdsBefore, int fdsAfter) {

        Map<String, Object> toJson() {
            return JsonFields.objectOf("window_s", windowSeconds, "ctx_switches", ctxSwitches,
                    "ctx_switches_voluntary", ctxSwitchesVoluntary, "ctx_switches_involuntary", ctxSwitchesInvoluntary,
                    "perf_ctx_switches", perfCtxSwitches, "perf_over_proc", perfOverProc, "cpu_ms", cpuMillis,
                    "threads_before", threadsBefore, "threads_after", threadsAfter, "rss_bytes_before", rssBytesBefore,
                    "rss_bytes_after", rssBytesAfter, "peak_rss_bytes", peakRssBytes, "fds_before", fdsBefore,
                    "fds_after", fdsAfter);
        }

        static Probes fromJson(JsonFields json) {
            return new Probes(json.number("window_s"), json.whole("ctx_switches"), json.whole("ctx_switches_voluntary"),
                    json.whole("ctx_switches_involuntary"), json.whole("perf_ctx_switches"), json.number("perf_over_proc"),
                    json.number("cpu_ms"), json.integer("threads_before"), json.integer("threads_after"),
                    json.whole("rss_bytes_before"), json.whole("rss_bytes_after"), json.whole("peak_rss_bytes"),
                    json.integer("fds_before"), json.integer("fds_after"));
        }
    }

    /** The figures and the {@code probes} object, as they stand in the {@code server} object of summary.json. */
    void putInto(Map<String, Object> server) {
        server.putAll(JsonFields.objectOf("ctx_switches_per_request", ctxSwitchesPerRequest, "cpu_us_per_request",
                cpuMicrosPerRequest, "threads", threads, "probes", probes.toJson()));
    }

    /** The record {@link #putInto} wrote into {@code server}; null when its {@code probes} are null. */
    static WindowCosts fromJson(JsonFields server) {
        JsonFields probes = server.object("probes");
        return probes == null ? null : new WindowCosts(server.number("ctx_switches_per_request"),
                server.number("cpu_us_per_request"), server.integer("threads"), Probes.fromJson(probes));
    }
}
