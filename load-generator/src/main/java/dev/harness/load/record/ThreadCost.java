package dev.harness.load.record;

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
                String schedstat = Files.readString(self.resolve("schedstat")).trim();
                cpu = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
            } catch (IOException | RuntimeException e) {
                String stat = Files.readString(self.resolve("stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;   // USER_HZ = 100
            }
            long ctx = 0;
            for (String line : Files.readAllLines(self.resolve("status"))) {
                if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                    ctx += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                }
            }
            return new ThreadCost(cpu, ctx, true);
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
