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
     * @param threadsStarted         threads alive at the end and not at the start (null in a summary.json
     *                               written before they were counted, as are {@code threadsEnded} and {@code edges})
     * @param threadsEnded           threads alive at the start and not at the end: their switches in the window
     *                               are not in {@code ctxSwitches} (perf counts them)
     * @param rssBytesBefore         RSS at the start
     * @param rssBytesAfter          RSS at the end
     * @param peakRssBytes           peak RSS at the end
     * @param fdsBefore              open file descriptors at the start
     * @param fdsAfter               open file descriptors at the end
     * @param edges                  where the readings lie against the generator's window
     */
    public record Probes(double windowSeconds, long ctxSwitches, long ctxSwitchesVoluntary, long ctxSwitchesInvoluntary,
                         Long perfCtxSwitches, Double perfOverProc, double cpuMillis, int threadsBefore, int threadsAfter,
                         Integer threadsStarted, Integer threadsEnded, long rssBytesBefore, long rssBytesAfter, long peakRssBytes,
                         int fdsBefore, int fdsAfter, Edges edges) {

        Map<String, Object> toJson() {
            Map<String, Object> json = JsonFields.objectOf("window_s", windowSeconds, "ctx_switches", ctxSwitches,
                    "ctx_switches_voluntary", ctxSwitchesVoluntary, "ctx_switches_involuntary", ctxSwitchesInvoluntary,
                    "perf_ctx_switches", perfCtxSwitches, "perf_over_proc", perfOverProc, "cpu_ms", cpuMillis,
                    "threads_before", threadsBefore, "threads_after", threadsAfter);
            if (threadsStarted != null) {
                json.putAll(JsonFields.objectOf("threads_started", threadsStarted, "threads_ended", threadsEnded));
            }
            json.putAll(JsonFields.objectOf("rss_bytes_before", rssBytesBefore, "rss_bytes_after", rssBytesAfter,
                    "peak_rss_bytes", peakRssBytes, "fds_before", fdsBefore, "fds_after", fdsAfter));
            if (edges != null) {
                json.putAll(JsonFields.objectOf("offset_start_ms", edges.offsetStartMillis(), "offset_end_ms",
                        edges.offsetEndMillis(), "read_start_ms", edges.readStartMillis(), "read_end_ms",
                        edges.readEndMillis(), "perf_lead_ms", edges.perfLeadMillis(), "perf_lag_ms", edges.perfLagMillis()));
            }
            return json;
        }

        static Probes fromJson(JsonFields json) {
            return new Probes(json.number("window_s"), json.whole("ctx_switches"), json.whole("ctx_switches_voluntary"),
                    json.whole("ctx_switches_involuntary"), json.whole("perf_ctx_switches"), json.number("perf_over_proc"),
                    json.number("cpu_ms"), json.integer("threads_before"), json.integer("threads_after"),
                    json.integer("threads_started"), json.integer("threads_ended"),
                    json.whole("rss_bytes_before"), json.whole("rss_bytes_after"), json.whole("peak_rss_bytes"),
                    json.integer("fds_before"), json.integer("fds_after"), !json.has("offset_start_ms") ? null
                            : new Edges(json.number("offset_start_ms"), json.number("offset_end_ms"),
                            json.number("read_start_ms"), json.number("read_end_ms"), json.number("perf_lead_ms"),
                            json.number("perf_lag_ms")));
        }
    }

    /**
     * Where the server's readings lie against the generator's window (none in a summary.json written before they
     * were recorded); the perf figures are null without perf.
     *
     * @param offsetStartMillis the start reading of /proc began this long after the window's start
     * @param offsetEndMillis   the end reading began this long after the window's end
     * @param readStartMillis   how long the start reading took (every thread's status file)
     * @param readEndMillis     how long the end reading took
     * @param perfLeadMillis    perf's counter was on this long before the start reading began (at most: the
     *                          time from the command to perf's ack is counted in)
     * @param perfLagMillis     perf's counter went off this long after the end reading finished (at most)
     */
    public record Edges(Double offsetStartMillis, Double offsetEndMillis, Double readStartMillis, Double readEndMillis,
                        Double perfLeadMillis, Double perfLagMillis) {
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
