package dev.harness.load.record;

import dev.harness.probe.ProcProbe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and context switches of the calling thread, read from {@code /proc/thread-self} (Linux): the
 * first field of {@code schedstat} (nanoseconds on CPU; falling back to {@code stat} utime+stime in clock
 * ticks) and {@code voluntary_ctxt_switches} + {@code nonvoluntary_ctxt_switches} of {@code status}.
 * Each thread reads its own, while it lives — {@code /proc/PID/status} alone would count the main thread only.
 * Costs two small file reads; call it at phase boundaries, never per request. Zero everywhere else.
 *
 * @param cpuNanos      CPU time used by the thread so far
 * @param ctxSwitches   voluntary + involuntary context switches so far
 * @param available     whether /proc could be read
 */
public record ThreadCost(long cpuNanos, long ctxSwitches, boolean available) {

    public static final ThreadCost ZERO = new ThreadCost(0, 0, false);

    public static ThreadCost current() {
        Path self = Path.of("/proc/thread-self");
        try {
            long cpu;
            try {
                cpu = ProcProbe.schedCpuNanos(Files.readString(self.resolve("schedstat")));
            } catch (IOException | RuntimeException e) {
                cpu = ProcProbe.cpuTicks(Files.readString(self.resolve("stat"))) * 10_000_000L;   // USER_HZ = 100
            }
            return new ThreadCost(cpu, ProcProbe.ctxSwitches(Files.readString(self.resolve("status"))), true);
        } catch (IOException | RuntimeException e) {
            return ZERO;
        }
    }

    public ThreadCost minus(ThreadCost start) {
        return new ThreadCost(cpuNanos - start.cpuNanos, ctxSwitches - start.ctxSwitches, available && start.available);
    }

    public ThreadCost plus(ThreadCost other) {
        return new ThreadCost(cpuNanos + other.cpuNanos, ctxSwitches + other.ctxSwitches, available || other.available);
    }
}
