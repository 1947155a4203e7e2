package dev.harness.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The limits a thread-per-connection server runs into when the OS will not start one more thread, read
 * from Linux {@code /proc} at that moment, so that the one line {@code BlockingServer} prints, and the
 * cause {@code harness run} reports, name the likely cause and the figures behind it. Each platform thread takes a pid from the machine's
 * {@code kernel.pid_max}, a task from {@code kernel.threads-max}, a process slot from the user's
 * {@code ulimit -u}, about two memory maps (stack and guard page) from {@code vm.max_map_count}, and
 * native memory for its stack; a virtual thread takes only Java heap.
 *
 * <p>Costs: a few small reads, plus one pass over {@code /proc/self/maps} (a line per map: some MB with
 * tens of thousands of threads); made once, on a server's first failure. A figure that cannot be read
 * (not Linux) is {@link #UNKNOWN} and left out.
 *
 * @param pidMax           {@code kernel.pid_max}
 * @param threadsMax       {@code kernel.threads-max}
 * @param maxUserProcesses the soft {@code ulimit -u} ({@code Max processes} in {@code /proc/self/limits}),
 *                         {@link #UNLIMITED} when unlimited
 * @param maxMapCount      {@code vm.max_map_count}
 * @param machineTasks     threads and processes on the machine ({@code /proc/loadavg})
 * @param processThreads   threads of this process ({@code Threads:} in {@code /proc/self/status})
 * @param processMaps      memory maps of this process (lines of {@code /proc/self/maps})
 */
public record ThreadLimits(long pidMax, long threadsMax, long maxUserProcesses, long maxMapCount,
                    long machineTasks, long processThreads, long processMaps) {

    public static final long UNKNOWN = ProcFiles.UNKNOWN;
    public static final long UNLIMITED = ProcFiles.UNLIMITED;
    /** A count within this share of its limit is taken to be what hit it. */
    private static final double NEAR = 0.95;

    /** The figures of this machine and process now. */
    public static ThreadLimits read() {
        return new ThreadLimits(
                ProcFiles.number(Path.of("/proc/sys/kernel/pid_max")),
                ProcFiles.number(Path.of("/proc/sys/kernel/threads-max")),
                ProcFiles.softLimit("Max processes"),
                ProcFiles.number(Path.of("/proc/sys/vm/max_map_count")),
                readMachineTasks(),
                readProcessThreads(),
                lines(Path.of("/proc/self/maps")));
    }

    /** What probably refused the thread, then the figures: one clause for the stderr line. */
    public String explain(Throwable failure) {
        return "likely cause: " + cause(failure) + " (" + figures() + ")";
    }

    private String cause(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        if (!(failure instanceof OutOfMemoryError)) {
            return "the thread factory refused";
        }
        if (!message.contains("native thread")) {
            return "the Java heap is full (-Xmx)";
        }
        if (near(machineTasks, pidMax)) {
            return "kernel.pid_max: every thread takes a pid, and the machine has " + machineTasks + " of " + pidMax;
        }
        if (near(machineTasks, threadsMax)) {
            return "kernel.threads-max: the machine has " + machineTasks + " threads of " + threadsMax;
        }
        if (near(machineTasks, maxUserProcesses)) {
            return "ulimit -u: this user's threads count against " + maxUserProcesses;
        }
        if (near(processMaps, maxMapCount)) {
            return "vm.max_map_count: each thread's stack takes about two memory maps, and this process has "
                    + processMaps + " of " + maxMapCount;
        }
        return "memory for native thread stacks (-Xss, the kernel's commit limit, or a container's memory limit)";
    }

    private static boolean near(long count, long limit) {
        return count != UNKNOWN && limit != UNKNOWN && limit != UNLIMITED && count >= NEAR * limit;
    }

    /**
     * The machine-wide limits and the machine's task count by name ({@code kernel.pid_max},
     * {@code kernel.threads-max}, {@code ulimit -u}, {@code vm.max_map_count}, {@code threads_on_machine_now});
     * figures that could not be read are left out.
     */
    public Map<String, Long> machineLimits() {
        Map<String, Long> limits = new LinkedHashMap<>();
        known(limits, "kernel.pid_max", pidMax);
        known(limits, "kernel.threads-max", threadsMax);
        known(limits, "ulimit -u", maxUserProcesses);
        known(limits, "vm.max_map_count", maxMapCount);
        known(limits, "threads_on_machine_now", machineTasks);
        return limits;
    }

    private static void known(Map<String, Long> limits, String name, long value) {
        if (value != UNKNOWN) {
            limits.put(name, value);
        }
    }

    private String figures() {
        StringBuilder s = new StringBuilder();
        figure(s, "threads in this process", processThreads);
        figure(s, "tasks on the machine", machineTasks);
        figure(s, "kernel.pid_max", pidMax);
        figure(s, "kernel.threads-max", threadsMax);
        if (maxUserProcesses == UNLIMITED) {
            s.append(s.isEmpty() ? "" : ", ").append("ulimit -u unlimited");
        } else {
            figure(s, "ulimit -u", maxUserProcesses);
        }
        figure(s, "memory maps", processMaps);
        figure(s, "vm.max_map_count", maxMapCount);
        return s.isEmpty() ? "no /proc figures on this system" : s.toString();
    }

    private static void figure(StringBuilder s, String name, long value) {
        if (value != UNKNOWN) {
            s.append(s.isEmpty() ? "" : ", ").append(name).append(' ').append(value);
        }
    }

    /** The total after the slash in {@code /proc/loadavg}'s fourth field, {@code running/total}. */
    private static long readMachineTasks() {
        try {
            String field = ProcFiles.text(Path.of("/proc/loadavg")).trim().split("\\s+")[3];
            return Long.parseLong(field.substring(field.indexOf('/') + 1));
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }

    private static long readProcessThreads() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Threads:")) {
                    return Long.parseLong(line.substring("Threads:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }

    private static long lines(Path file) {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            long count = 0;
            while (reader.readLine() != null) {
                count++;
            }
            return count;
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
