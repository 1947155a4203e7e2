package dev.harness.cli.measure;

import dev.harness.probe.ProcProbe;
import dev.harness.probe.ProcessSample;
import java.util.OptionalLong;

/**
 * The server process's costs over one window: {@code /proc} read at its start and end (context switches
 * summed over every live thread), cross-checked by {@code perf stat -e context-switches} when perf is there.
 */
public final class ServerCosts {

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
    public static ServerCosts open(long pid) {
        PerfProbe perf = PerfProbe.attach(pid);
        return new ServerCosts(pid, ProcProbe.sample(pid), perf);
    }

    /** Reads the end of the window (call while the server's threads are still alive). */
    public void close() throws InterruptedException {
        after = ProcProbe.sample(pid);
        if (perf != null) {
            perfCtxSwitches = perf.stop();
        }
    }

    /** Releases perf if the window never closed (the server died). */
    public void abandon() {
        if (perf != null) {
            perf.close();
        }
    }

    /** Whether the end of the window was read. */
    public boolean closed() {
        return after != null;
    }

    /**
     * The window's costs (memory per connection is read while connections are held idle: {@link MemoryProbe}).
     *
     * @param requests requests completed in the window
     */
    public WindowCosts costs(long requests) {
        ProcessSample window = after.minus(before);
        WindowCosts.Probes probes = new WindowCosts.Probes(round(window.nanoTime() / 1e9), window.ctxSwitches(),
                window.voluntaryCtxSwitches(), window.involuntaryCtxSwitches(),
                perfCtxSwitches.isPresent() ? perfCtxSwitches.getAsLong() : null,
                perfCtxSwitches.isPresent() && window.ctxSwitches() > 0
                        ? round((double) perfCtxSwitches.getAsLong() / window.ctxSwitches()) : null,
                round(window.cpuNanos() / 1e6), before.threads(), after.threads(), before.rssBytes(), after.rssBytes(),
                after.peakRssBytes(), before.fileDescriptors(), after.fileDescriptors());
        return new WindowCosts(requests > 0 ? round((double) window.ctxSwitches() / requests) : null,
                requests > 0 ? round(window.cpuNanos() / 1e3 / requests) : null, after.threads(), probes);
    }

    /** {@code value} to three decimals, as every figure of summary.json is written. */
    public static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
