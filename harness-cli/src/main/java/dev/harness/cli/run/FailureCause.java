package dev.harness.cli.run;

import dev.harness.cli.measure.JsonFields;
import dev.harness.probe.ThreadLimits;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Why a cell or a breaking-point step failed, told from what the failing process said: the OS refusing a
 * thread, the open-files limit, the heap, a polite refusal by the server's connection limit, a hang that
 * was cut off, or a crash. A thread-limit failure carries the limits that apply, read from {@code /proc} at
 * the time: {@code kernel.pid_max}, {@code kernel.threads-max}, {@code ulimit -u}, {@code vm.max_map_count}
 * (a platform thread's stack takes about two memory mappings) and the threads alive on the machine, so
 * that the report names the one that was reached.
 *
 * @param kind   the class of cause
 * @param detail the line that tells it, with the limits for a thread-limit failure
 * @param limits the limits read when the failure was classified (thread-limit failures only; else empty)
 */
record FailureCause(Kind kind, String detail, Map<String, Long> limits) {

    /** The classes of cause, in the order they are looked for. */
    enum Kind {
        /** The OS refused to start a thread ({@code unable to create native thread}, EAGAIN). */
        THREAD_LIMIT("the OS refused a thread"),
        /** The open-files limit ({@code ulimit -n}) refused a socket or a plan. */
        OPEN_FILES("the open-files limit"),
        /** The Java heap ran out, or the kernel killed the process for memory. */
        OUT_OF_MEMORY("out of memory"),
        /** The server refused connections over its {@code --max-connections}. */
        REFUSED("refused by the server's connection limit"),
        /** The cell did not finish in its time and was killed. */
        TIMED_OUT("hung: killed after its time limit"),
        /** The process exited or died for another reason. */
        CRASHED("the process died"),
        /** Connections or requests failed for a reason not above. */
        OTHER("connections or requests failed");

        private final String summary;

        Kind(String summary) {
            this.summary = summary;
        }

        String summary() {
            return summary;
        }

        String jsonName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private static final String[] OPEN_FILES_NEEDLES = {"open-files limit", "Too many open files"};
    private static final String[] MEMORY_NEEDLES = {"OutOfMemoryError", "Cannot allocate memory", "Out of Memory"};

    /**
     * The cause told by {@code reason} (the failure as the cell saw it) and {@code lines} (what the failing
     * process wrote on stderr, newest last).
     *
     * @param exitCode the process's exit code, or null when it did not exit (or there was no process)
     * @param timedOut true when the process was killed for overrunning its time
     */
    static FailureCause classify(String reason, List<String> lines, Integer exitCode, boolean timedOut) {
        List<String> all = new ArrayList<>(lines);
        all.add(reason == null ? "" : reason);
        String thread = threadFailure(all);
        if (thread != null) {
            // a thread server names the likely limit itself, read in the failing process at the moment it failed
            Map<String, Long> limits = threadLimits();
            return new FailureCause(Kind.THREAD_LIMIT, thread.contains("likely cause:") ? thread
                    : thread + " (" + describe(limits) + ")", limits);
        }
        String files = find(all, OPEN_FILES_NEEDLES);
        if (files != null) {
            return new FailureCause(Kind.OPEN_FILES, files, Map.of());
        }
        String memory = find(all, MEMORY_NEEDLES);
        if (memory != null) {
            return new FailureCause(Kind.OUT_OF_MEMORY, memory, Map.of());
        }
        if (exitCode != null && exitCode == 137 && !timedOut) {
            return new FailureCause(Kind.OUT_OF_MEMORY, "killed by SIGKILL, not by the harness: the kernel's OOM killer"
                    + " is the usual sender (see dmesg)", Map.of());
        }
        String refused = find(all, "too many connections", "refused by the server");
        if (refused != null) {
            return new FailureCause(Kind.REFUSED, refused, Map.of());
        }
        if (timedOut) {
            return new FailureCause(Kind.TIMED_OUT, reason, Map.of());
        }
        if (exitCode != null && exitCode != 0 && exitCode != 1) {
            return new FailureCause(Kind.CRASHED, reason, Map.of());
        }
        return new FailureCause(Kind.OTHER, reason, Map.of());
    }

    /** Whether {@code line} tells a cause this class knows: a refused thread, the open-files limit, the heap. */
    static boolean tellsCause(String line) {
        return threadFailure(List.of(line)) != null || find(List.of(line), OPEN_FILES_NEEDLES) != null
                || find(List.of(line), MEMORY_NEEDLES) != null;
    }

    /**
     * The first of {@code lines} that tells of a thread the OS refused — the JDK's {@code unable to create
     * native thread}, the JVM's own {@code Failed to start thread} warning, a thread server's {@code cannot
     * start a thread for connection N} — stripped; null when none does.
     */
    static String threadFailure(List<String> lines) {
        return find(lines, "cannot start a thread", "unable to create native thread", "cannot create more threads",
                "Failed to start thread", "pthread_create failed", "EAGAIN");
    }

    /**
     * The first of {@code lines} holding the first of {@code needles} any line holds, stripped; null when none
     * does. Needles go from the most telling to the least: a thread server's own line names the likely cause
     * with the counts at that moment, while the JVM's warnings, which come first, do not.
     */
    private static String find(List<String> lines, String... needles) {
        for (String needle : needles) {
            for (String line : lines) {
                if (line.contains(needle)) {
                    return line.strip();
                }
            }
        }
        return null;
    }

    /**
     * The limits on threads, by name: {@code kernel.pid_max}, {@code kernel.threads-max}, {@code ulimit -u}
     * (this process's soft "Max processes"), {@code vm.max_map_count}, {@code threads_on_machine_now} (from
     * {@code /proc/loadavg}, when the failure is classified: the failing process may be gone); those that
     * cannot be read are left out.
     */
    static Map<String, Long> threadLimits() {
        return ThreadLimits.read().machineLimits();
    }

    /** {@code kernel.pid_max 32768, ...}, for one line. */
    static String describe(Map<String, Long> limits) {
        List<String> parts = new ArrayList<>();
        limits.forEach((k, v) -> parts.add(k + " " + (v == Long.MAX_VALUE ? "unlimited" : v)));
        return String.join(", ", parts);
    }

    /** The {@code cause} object of summary.json. */
    Map<String, Object> toJson() {
        Map<String, Object> json = JsonFields.objectOf("kind", kind.jsonName(), "summary", kind.summary(), "detail", detail);
        if (!limits.isEmpty()) {
            json.put("limits", new LinkedHashMap<>(limits));
        }
        return json;
    }

    /** The cause {@link #toJson()} wrote. */
    static FailureCause fromJson(JsonFields json) {
        String name = json.text("kind");
        Kind kind = Arrays.stream(Kind.values()).filter(k -> k.jsonName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no cause of kind '" + name + "'"));
        Map<String, Long> limits = new LinkedHashMap<>();
        JsonFields read = json.object("limits");
        if (read != null) {
            for (String limit : read.map().keySet()) {
                limits.put(limit, read.whole(limit));
            }
        }
        return new FailureCause(kind, json.text("detail"), limits);
    }
}
