package dev.harness.probe;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stderr line of a thread that cannot start names the limit the figures point at. */
class ThreadLimitsTest {

    private static final OutOfMemoryError NATIVE = new OutOfMemoryError(
            "unable to create native thread: possibly out of memory or process/resource limits reached");

    private static ThreadLimits machine(long tasks, long processMaps) {
        return new ThreadLimits(32_768, 192_730, 96_365, 65_530, tasks, 32_000, processMaps);
    }

    @Test
    void tasksAtPidMaxNamePidMax() {
        String s = machine(32_760, 1_000).explain(NATIVE);
        assertTrue(s.startsWith("likely cause: kernel.pid_max"), s);
        assertTrue(s.contains("kernel.pid_max 32768") && s.contains("ulimit -u 96365") && s.contains("threads in this process 32000"), s);
    }

    @Test
    void tasksAtThreadsMaxNameThreadsMax() {
        ThreadLimits limits = new ThreadLimits(4_194_304, 100_000, ThreadLimits.UNLIMITED, 65_530, 99_990, 90_000, 1_000);
        String s = limits.explain(NATIVE);
        assertTrue(s.startsWith("likely cause: kernel.threads-max"), s);
        assertTrue(s.contains("ulimit -u unlimited"), s);
    }

    @Test
    void tasksAtTheUserLimitNameUlimit() {
        ThreadLimits limits = new ThreadLimits(4_194_304, 1_000_000, 4_096, 65_530, 4_095, 4_000, 1_000);
        assertTrue(limits.explain(NATIVE).startsWith("likely cause: ulimit -u"), limits.explain(NATIVE));
    }

    @Test
    void mapsAtTheirLimitNameMaxMapCount() {
        String s = machine(20_000, 65_500).explain(NATIVE);
        assertTrue(s.startsWith("likely cause: vm.max_map_count"), s);
    }

    @Test
    void noLimitNearMeansMemory() {
        String s = machine(20_000, 30_000).explain(NATIVE);
        assertTrue(s.startsWith("likely cause: memory for native thread stacks"), s);
    }

    @Test
    void aFullHeapIsNotBlamedOnTheKernel() {
        String s = machine(32_760, 1_000).explain(new OutOfMemoryError("Java heap space"));
        assertTrue(s.startsWith("likely cause: the Java heap is full"), s);
    }

    @Test
    void unknownFiguresAreLeftOut() {
        long u = ThreadLimits.UNKNOWN;
        String s = new ThreadLimits(u, u, u, u, u, u, u).explain(NATIVE);
        assertTrue(s.contains("no /proc figures"), s);
    }

    /** A /proc/sys file read with Files.readString gave "3" for a pid_max of 32768 on this kernel. */
    @Test
    void thisMachinesFiguresAreReadWhole() {
        ThreadLimits limits = ThreadLimits.read();
        if (new java.io.File("/proc/sys/kernel/pid_max").canRead()) {
            assertTrue(limits.pidMax() >= 301, "the kernel's smallest pid_max is 301, read " + limits.pidMax());
            assertTrue(limits.threadsMax() >= 20, "threads-max " + limits.threadsMax());
            assertTrue(limits.maxMapCount() >= 1_000, "max_map_count " + limits.maxMapCount());
            assertTrue(limits.processThreads() >= 1 && limits.machineTasks() >= limits.processThreads(), limits.toString());
            String s = limits.explain(NATIVE);
            assertTrue(s.contains("kernel.pid_max " + limits.pidMax()) && s.contains("threads in this process "), s);
        }
    }
}
