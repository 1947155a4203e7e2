package dev.harness.cli.run;

import dev.harness.cli.measure.JsonFields;
import dev.harness.load.ProgressListener;
import dev.harness.probe.ProcProbe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What happens over time while a server's RELAY calls go to a {@link SilentDownstream}: sampled at each of the
 * generator's progress reports (about once a second), from the start of the load: the calls the downstream has
 * received and the server's connections to it, the errors the generator has received (each call ends in one:
 * GATEWAY_TIMEOUT once its timeout passed, or UNAVAILABLE when the server had no room for it), and the
 * server's RSS and threads from {@code /proc/PID/status}, one file read per sample.
 *
 * <p>The calls a server holds at a moment are those the downstream received within the last timeout: a call
 * stays from its send until its timeout reclaims it (up to one timeout check later, a quarter of a second at a
 * 2 s timeout). That is {@code calls_waiting}, counted by the downstream to 10 ms: for the proactor the slots
 * of its ActTables in use, for a thread server the threads blocked in a call.
 *
 * @param pid        the server's process
 * @param downstream the silent downstream it calls
 * @param timeout    the server's downstream timeout
 * @param startNanos when the load started
 * @param samples    the samples so far
 * @param heapAfterGcBytes the server's heap after a full collection before the load and after it ({@link #after})
 */
record DownstreamTimeline(long pid, SilentDownstream downstream, Duration timeout, long startNanos, List<Sample> samples,
                          Long[] heapAfterGcBytes) {

    /**
     * One reading.
     *
     * @param millis          since the load started
     * @param phase           the generator's phase
     * @param calls           calls the downstream received so far (warm-up included)
     * @param callsWaiting    of those, the calls received within the last timeout: held by the server now
     * @param connectionsOpen the server's connections to the downstream, open now
     * @param errors          error answers the generator received so far (measured requests only)
     * @param rssBytes        the server's resident set; 0 once it is gone
     * @param threads         the server's threads; 0 once it is gone
     */
    record Sample(long millis, String phase, long calls, long callsWaiting, long connectionsOpen, long errors, long rssBytes, int threads) {
    }

    static DownstreamTimeline start(long pid, SilentDownstream downstream, Duration timeout) {
        return new DownstreamTimeline(pid, downstream, timeout, System.nanoTime(), new ArrayList<>(), new Long[2]);
    }

    /** The progress listener that samples, passing each report on to {@code next}. */
    ProgressListener sampling(ProgressListener next) {
        return progress -> {
            sample(progress);
            next.onProgress(progress);
        };
    }

    /**
     * Once the load is over and its last calls have had their timeout: one more sample ({@code after}), and the
     * server's heap after a full collection then and before the load, each read by {@code heap} (null when it
     * cannot be read). A table that reclaims its calls leaves no more heap than it started with.
     */
    void after(Long heapBefore, java.util.function.Supplier<Long> heap) throws InterruptedException {
        long errors;
        synchronized (samples) {
            errors = samples.isEmpty() ? 0 : samples.getLast().errors();
        }
        Thread.sleep(timeout.plus(AFTER_TIMEOUT_SLACK));
        sample("after", errors);
        heapAfterGcBytes[0] = heapBefore;
        heapAfterGcBytes[1] = heap.get();
    }

    /** How long past the timeout the last calls may take to be reclaimed: the server checks deadlines a few times per timeout. */
    private static final Duration AFTER_TIMEOUT_SLACK = Duration.ofSeconds(1);

    private void sample(ProgressListener.Progress progress) {
        sample(progress.phase(), progress.errors());
    }

    private void sample(String phase, long errors) {
        String status;
        try {
            status = Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII);
        } catch (IOException gone) {
            status = "";
        }
        Sample s = new Sample((System.nanoTime() - startNanos) / 1_000_000, phase, downstream.calls(),
                downstream.callsWithin(timeout), downstream.connections() - downstream.closedByServer(), errors,
                ProcProbe.field(status, "VmRSS:") * 1024, (int) ProcProbe.field(status, "Threads:"));
        synchronized (samples) {
            samples.add(s);
        }
    }

    /** The {@code downstream} object of the cell's summary.json. */
    Map<String, Object> toJson() {
        List<Map<String, Object>> rows = new ArrayList<>();
        synchronized (samples) {
            for (Sample s : samples) {
                rows.add(JsonFields.objectOf("ms", s.millis(), "phase", s.phase(), "calls", s.calls(),
                        "calls_waiting", s.callsWaiting(), "connections_open", s.connectionsOpen(), "errors", s.errors(),
                        "rss_bytes", s.rssBytes(), "threads", s.threads()));
            }
        }
        return JsonFields.objectOf("kind", "silent", "timeout_ms", timeout.toMillis(), "calls", downstream.calls(),
                "connections", downstream.connections(), "closed_by_server", downstream.closedByServer(),
                "heap_after_gc_before_bytes", heapAfterGcBytes[0], "heap_after_gc_after_bytes", heapAfterGcBytes[1],
                "timeline", rows);
    }
}
