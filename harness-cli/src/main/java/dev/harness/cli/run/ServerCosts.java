package dev.harness.cli.run;

import dev.harness.probe.ProcProbe;
import dev.harness.probe.ProcessSample;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The server process's costs over one window: {@code /proc} read at its start and end (context switches
 * summed over every live thread), cross-checked by {@code perf stat -e context-switches} when perf is there.
 */
final class ServerCosts {

    private final long pid;
    private final ProcessSample before;
    private final PerfProbe perf;
    private ProcessSample after;
    private OptionalLong perfCtxSwitches = OptionalLong.empty();

    private ServerCosts(long pid, ProcessSample before, PerfProbe perf) {
        this.pid = pid;
        this.before = before;
        this.perf = perf;
    }

    /** Reads the start of the window and attaches perf. */
    static ServerCosts open(long pid) {
        PerfProbe perf = PerfProbe.attach(pid);
        return new ServerCosts(pid, ProcProbe.sample(pid), perf);
    }

    /** Reads the end of the window (call while the server's threads are still alive). */
    void close() throws InterruptedException {
        after = ProcProbe.sample(pid);
        if (perf != null) {
            perfCtxSwitches = perf.stop();
        }
    }

    /** Releases perf if the window never closed (the server died). */
    void abandon() {
        if (perf != null) {
            perf.close();
        }
    }

    /** Whether the end of the window was read. */
    boolean closed() {
        return after != null;
    }

    /**
     * The {@code probes} object of summary.json, plus the per-request figures (memory per connection is
     * read while connections are held idle: {@link MemoryProbe}).
     *
     * @param requests requests completed in the window
     */
    Map<String, Object> toJson(long requests) {
        ProcessSample window = after.minus(before);
        Map<String, Object> probes = new LinkedHashMap<>();
        probes.put("window_s", round(window.nanoTime() / 1e9));
        probes.put("ctx_switches", window.ctxSwitches());
        probes.put("ctx_switches_voluntary", window.voluntaryCtxSwitches());
        probes.put("ctx_switches_involuntary", window.involuntaryCtxSwitches());
        probes.put("perf_ctx_switches", perfCtxSwitches.isPresent() ? perfCtxSwitches.getAsLong() : null);
        probes.put("perf_over_proc", perfCtxSwitches.isPresent() && window.ctxSwitches() > 0
                ? round((double) perfCtxSwitches.getAsLong() / window.ctxSwitches()) : null);
        probes.put("cpu_ms", round(window.cpuNanos() / 1e6));
        probes.put("threads_before", before.threads());
        probes.put("threads_after", after.threads());
        probes.put("rss_bytes_before", before.rssBytes());
        probes.put("rss_bytes_after", after.rssBytes());
        probes.put("peak_rss_bytes", after.peakRssBytes());
        probes.put("fds_before", before.fileDescriptors());
        probes.put("fds_after", after.fileDescriptors());

        Map<String, Object> derived = new LinkedHashMap<>();
        derived.put("ctx_switches_per_request", requests > 0 ? round((double) window.ctxSwitches() / requests) : null);
        derived.put("cpu_us_per_request", requests > 0 ? round(window.cpuNanos() / 1e3 / requests) : null);
        derived.put("threads", after.threads());
        derived.put("probes", probes);
        return derived;
    }

    static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
