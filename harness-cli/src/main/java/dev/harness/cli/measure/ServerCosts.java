package dev.harness.cli.measure;

import dev.harness.load.record.MeasureWindow;
import dev.harness.probe.ProcProbe;
import dev.harness.probe.ProcessSample;
import java.util.OptionalLong;

/**
 * The server process's costs over one measurement window: {@code /proc} read at the window's start and end
 * (context switches thread by thread, CPU of the whole process), cross-checked by
 * {@code perf stat -e context-switches} when perf is there. Perf is attached before the window with its
 * counter off ({@link #prepare}), switched on just before the start reading and off just after the end
 * reading, so both count the same interval; how far each edge lies from the generator's window is recorded
 * ({@link WindowCosts.Edges}).
 *
 * <p>Use: {@link #prepare} before the load, {@link #open} and {@link #close} from the generator's window
 * listener, {@link #costs} after; {@link #abandon} when the window never closed.
 */
public final class ServerCosts {

    private final long pid;
    private final PerfProbe perf;
    private ProcessSample before;
    private ProcessSample after;
    private long perfOnNanos = -1;
    private long perfOffNanos = -1;
    private OptionalLong perfCtxSwitches = OptionalLong.empty();

    private ServerCosts(long pid, PerfProbe perf) {
        this.pid = pid;
        this.perf = perf;
    }

    /** Attaches perf to {@code pid}, its counter off, ahead of the window (attaching takes a while). */
    public static ServerCosts prepare(long pid) throws InterruptedException {
        return new ServerCosts(pid, PerfProbe.attach(pid));
    }

    /** The window opens: perf on, then /proc read. */
    public void open() {
        if (perf != null) {
            perfOnNanos = perf.enable();
        }
        before = ProcProbe.sample(pid);
    }

    /** The window closes: /proc read (while the server's threads are still alive), then perf off and stopped. */
    public void close() throws InterruptedException {
        after = ProcProbe.sample(pid);
        if (perf != null) {
            perfOffNanos = perf.disable();
            OptionalLong count = perf.stop();
            perfCtxSwitches = perfOnNanos < 0 || perfOffNanos < 0 ? OptionalLong.empty() : count;
        }
    }

    /** Releases perf if the window never closed (the server died, or the load never reached the window). */
    public void abandon() {
        if (perf != null) {
            perf.close();
        }
    }

    /** Whether both edges of the window were read. */
    public boolean closed() {
        return before != null && after != null;
    }

    /**
     * The window's costs (memory per connection is read while connections are held idle: {@link MemoryProbe}).
     *
     * @param requests answers that arrived inside the generator's window ({@code LoadResult.completedInWindow()})
     * @param window   the generator's window, which the edges are measured against
     */
    public WindowCosts costs(long requests, MeasureWindow window) {
        ProcessSample.Window w = after.minus(before);
        long ctx = w.ctxSwitchesTotal();
        Long perfCount = perfCtxSwitches.isPresent() ? perfCtxSwitches.getAsLong() : null;
        long endReadDone = after.nanoTime() + after.readNanos();
        WindowCosts.Edges edges = new WindowCosts.Edges(round(window.millisAfterStart(before.nanoTime())),
                round(window.millisAfterEnd(after.nanoTime())), round(before.readNanos() / 1e6),
                round(after.readNanos() / 1e6), perfCount == null ? null : round((before.nanoTime() - perfOnNanos) / 1e6),
                perfCount == null ? null : round((perfOffNanos - endReadDone) / 1e6));
        WindowCosts.Probes probes = new WindowCosts.Probes(round(w.nanos() / 1e9), ctx, w.ctxSwitches().voluntary(),
                w.ctxSwitches().involuntary(), perfCount,
                perfCount != null && ctx > 0 ? round((double) perfCount / ctx) : null,
                round(w.cpuNanos() / 1e6), before.threads(), after.threads(), w.ctxSwitches().threadsStarted(),
                w.ctxSwitches().threadsEnded(), before.rssBytes(), after.rssBytes(), after.peakRssBytes(),
                before.fileDescriptors(), after.fileDescriptors(), edges);
        return new WindowCosts(requests > 0 ? round((double) ctx / requests) : null,
                requests > 0 ? round(w.cpuNanos() / 1e3 / requests) : null, after.threads(), probes);
    }

    /** {@code value} to three decimals, as every figure of summary.json is written. */
    public static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
