package dev.harness.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a process's costs from Linux {@code /proc}: threads, context switches, CPU time, RSS and file
 * descriptors.
 *
 * <p>Context switches are read per thread from {@code /proc/PID/task/*}{@code /status}, because
 * {@code /proc/PID/status} counts the main thread only, into a {@link ThreadTable}; a thread that exits takes
 * its counts with it, so a window is differenced thread by thread and read while the threads that did the
 * work are alive. CPU time comes from
 * {@code /proc/PID/stat}, which keeps the time of dead threads. A reading costs a few system calls per
 * thread: take it around a measurement window, not inside it.
 */
public final class ProcProbe {

    /** Clock ticks per second of /proc times: USER_HZ, 100 on every Linux ABI the JDK runs on. */
    private static final long USER_HZ = 100;
    private static final Path PROC = Path.of("/proc");

    private ProcProbe() {
    }

    /** Whether /proc can be read here (Linux). */
    public static boolean available() {
        return Files.isReadable(PROC.resolve("self/stat"));
    }

    /** A reading of this JVM. */
    public static ProcessSample self() {
        return sample(ProcessHandle.current().pid());
    }

    /**
     * A reading of process {@code pid}.
     *
     * @throws IllegalStateException when the process is gone or /proc cannot be read
     */
    public static ProcessSample sample(long pid) {
        Path dir = PROC.resolve(Long.toString(pid));
        try {
            long now = System.nanoTime();
            ThreadTable table = new ThreadTable();
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(dir.resolve("task"))) {
                for (Path task : tasks) {
                    String status;
                    try {
                        status = Files.readString(task.resolve("status"), StandardCharsets.US_ASCII);
                    } catch (NoSuchFileException e) {
                        continue; // the thread exited while we listed the others
                    }
                    table.put(Long.parseLong(task.getFileName().toString()), field(status, "voluntary_ctxt_switches:"),
                            field(status, "nonvoluntary_ctxt_switches:"));
                }
            }
            String status = Files.readString(dir.resolve("status"), StandardCharsets.US_ASCII);
            long rss = field(status, "VmRSS:") * 1024;
            long peakRss = field(status, "VmHWM:") * 1024;
            long cpuTicks = cpuTicks(Files.readString(dir.resolve("stat"), StandardCharsets.US_ASCII));
            int fds = 0;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir.resolve("fd"))) {
                for (Path ignored : entries) {
                    fds++;
                }
            }
            return new ProcessSample(now, System.nanoTime() - now, table, cpuTicks * (1_000_000_000L / USER_HZ),
                    rss, peakRss, fds);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + " (has the process exited?): " + e.getMessage(), e);
        }
    }

    /** The number after {@code name} in a /proc status text (kB for memory lines), or 0 when absent. */
    public static long field(String status, String name) {
        int at = status.indexOf(name);
        if (at < 0 || (at > 0 && status.charAt(at - 1) != '\n')) {
            at = status.indexOf("\n" + name);
            if (at < 0) {
                return 0;
            }
            at++;
        }
        int i = at + name.length();
        while (i < status.length() && (status.charAt(i) == ' ' || status.charAt(i) == '\t')) {
            i++;
        }
        long value = 0;
        while (i < status.length() && Character.isDigit(status.charAt(i))) {
            value = value * 10 + (status.charAt(i++) - '0');
        }
        return value;
    }

    /** Voluntary plus involuntary context switches in a thread's (or process's) /proc status text. */
    public static long ctxSwitches(String status) {
        return field(status, "voluntary_ctxt_switches:") + field(status, "nonvoluntary_ctxt_switches:");
    }

    /** Nanoseconds on CPU: the first field of a thread's /proc {@code schedstat} text. */
    public static long schedCpuNanos(String schedstat) {
        String s = schedstat.strip();
        int space = s.indexOf(' ');
        return Long.parseLong(space < 0 ? s : s.substring(0, space));
    }

    /** utime + stime (fields 14 and 15) of a /proc stat line, in clock ticks; the command name may hold spaces. */
    public static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state), so field n is fields[n - 3]
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
