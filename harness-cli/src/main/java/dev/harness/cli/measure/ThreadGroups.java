package dev.harness.cli.measure;

import dev.harness.probe.ProcProbe;
import dev.harness.server.HandlerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * This JVM's threads, grouped by who they work for, with their CPU time and context switches: how a
 * {@code --transport mem} run, where server and generator share one JVM, attributes costs.
 *
 * <p>A thread's group comes from its OS name ({@code /proc/self/task/TID/status}, {@code Name:}, which Linux
 * cuts to 15 characters): {@link Group#SERVER} for the names the server models give their threads —
 * {@code acceptor}, {@code timeouts}, {@code conn-N} (sync-threads), {@code proactor-N} and its pool for
 * {@code Session.blocking}, {@code blocking-N}, and the virtual-thread scheduler's carriers {@code ForkJoinPool-N-worker-M} and {@code VirtualThread-unparker} (only the servers
 * run virtual threads); {@link Group#GENERATOR} for {@code load-io-N}, {@code connector} and {@code load-log};
 * {@link Group#JVM} for the rest (GC, JIT compilers, {@code main}). CPU time is the first field of
 * {@code schedstat} (nanoseconds), context switches the sum of {@code voluntary_ctxt_switches} and
 * {@code nonvoluntary_ctxt_switches}.
 *
 * <p>A reading covers the threads alive when it is taken, by thread id: the difference of two readings counts,
 * per group, what each thread alive at the second did since the first (all of it for a thread started in
 * between). A thread that ends between two readings takes its counts with it, so read while the threads that
 * did the work live. It costs two file reads per thread: take it around a window, never inside one.
 */
public final class ThreadGroups {

    /** Who a thread works for. */
    public enum Group {
        SERVER, GENERATOR, JVM;

        public String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One group's threads, CPU nanoseconds and context switches at a reading. */
    record Totals(int threads, long cpuNanos, long ctxSwitches) {
        Totals plus(long cpu, long ctx) {
            return new Totals(threads + 1, cpuNanos + cpu, ctxSwitches + ctx);
        }
    }

    /** One thread at a reading. */
    private record Task(Group group, long cpuNanos, long ctxSwitches) {
    }

    private static final Path TASKS = Path.of("/proc/self/task");

    private final Map<Group, Totals> totals;
    private final Map<String, Task> tasks;

    private ThreadGroups(Map<Group, Totals> totals, Map<String, Task> tasks) {
        this.totals = totals;
        this.tasks = tasks;
    }

    /** The group of a thread called {@code name} (as the OS shows it, at most 15 characters). */
    static Group groupOf(String name) {
        if (name.startsWith("load-io-") || name.equals("connector") || name.equals("load-log")) {
            return Group.GENERATOR;
        }
        if (name.equals("acceptor") || name.equals("timeouts") || name.startsWith("conn-") || name.startsWith("proactor-")
                || name.startsWith(HandlerConfig.BLOCKING_THREAD_NAME) || name.startsWith("ForkJoinPool-") || name.startsWith("VirtualThread-")) {
            return Group.SERVER;
        }
        return Group.JVM;
    }

    /** Reads every live thread of this JVM; empty totals where {@code /proc} cannot be read. */
    public static ThreadGroups read() {
        Map<Group, Totals> totals = new EnumMap<>(Group.class);
        for (Group g : Group.values()) {
            totals.put(g, new Totals(0, 0, 0));
        }
        Map<String, Task> byId = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
            for (Path task : tasks) {
                String status;
                String schedstat;
                try {
                    status = Files.readString(task.resolve("status"), StandardCharsets.US_ASCII);
                    schedstat = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII);
                } catch (NoSuchFileException e) {
                    continue; // the thread ended while the others were read
                }
                Group group = groupOf(name(status));
                long ctx = ProcProbe.ctxSwitches(status);
                long cpuNanos = ProcProbe.schedCpuNanos(schedstat);
                totals.put(group, totals.get(group).plus(cpuNanos, ctx));
                byId.put(task.getFileName().toString(), new Task(group, cpuNanos, ctx));
            }
        } catch (IOException | RuntimeException e) {
            return new ThreadGroups(totals, byId);
        }
        return new ThreadGroups(totals, byId);
    }

    Totals get(Group group) {
        return totals.get(group);
    }

    /**
     * Per group, the threads at this reading and the CPU time and context switches since {@code start}, with
     * per-request figures when {@code requests} were completed.
     */
    public ThreadGroupCosts since(ThreadGroups start, long requests) {
        Map<Group, long[]> since = new EnumMap<>(Group.class);
        for (Group g : Group.values()) {
            since.put(g, new long[2]);
        }
        tasks.forEach((id, now) -> {
            Task before = start.tasks.get(id);
            boolean same = before != null && before.group() == now.group();
            long[] d = since.get(now.group());
            d[0] += now.cpuNanos() - (same ? before.cpuNanos() : 0);
            d[1] += now.ctxSwitches() - (same ? before.ctxSwitches() : 0);
        });
        return new ThreadGroupCosts(costs(Group.SERVER, since, requests), costs(Group.GENERATOR, since, requests),
                costs(Group.JVM, since, requests));
    }

    private ThreadGroupCosts.PerGroup costs(Group group, Map<Group, long[]> since, long requests) {
        long cpu = since.get(group)[0];
        long ctx = since.get(group)[1];
        return new ThreadGroupCosts.PerGroup(totals.get(group).threads(), ServerCosts.round(cpu / 1e6), ctx,
                requests > 0 ? ServerCosts.round(cpu / 1e3 / requests) : null,
                requests > 0 ? ServerCosts.round((double) ctx / requests) : null);
    }

    private static String name(String status) {
        int at = status.startsWith("Name:") ? 0 : status.indexOf("\nName:") + 1;
        int end = status.indexOf('\n', at);
        return status.substring(at + "Name:".length(), end < 0 ? status.length() : end).strip();
    }
}
