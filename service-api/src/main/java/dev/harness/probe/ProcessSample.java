package dev.harness.probe;

/**
 * One reading of a process's costs from {@code /proc}. Differences of two readings give the costs of the
 * window between them; see {@link #minus}.
 *
 * @param nanoTime            {@link System#nanoTime()} when the reading began
 * @param readNanos           how long the reading took
 * @param tasks               the live threads with their context switches, by thread id
 * @param cpuNanos            user + system CPU time of the whole process, dead threads included
 * @param rssBytes            resident set size
 * @param peakRssBytes        peak resident set size (VmHWM)
 * @param fileDescriptors     open file descriptors
 */
public record ProcessSample(long nanoTime, long readNanos, ThreadTable tasks, long cpuNanos, long rssBytes,
                            long peakRssBytes, int fileDescriptors) {

    /** Live threads (tasks). */
    public int threads() {
        return tasks.threads();
    }

    /**
     * The costs between {@code earlier} and this reading: CPU as a difference (dead threads included), context
     * switches thread by thread ({@link ThreadTable#since}), gauges (threads, RSS, peak RSS, file descriptors)
     * as this reading's values.
     */
    public Window minus(ProcessSample earlier) {
        return new Window(nanoTime - earlier.nanoTime, tasks.since(earlier.tasks), cpuNanos - earlier.cpuNanos);
    }

    /**
     * A process's costs between two readings.
     *
     * @param nanos       from the start of one reading to the start of the other
     * @param ctxSwitches the context switches, thread by thread
     * @param cpuNanos    user + system CPU time of the whole process
     */
    public record Window(long nanos, ThreadTable.Window ctxSwitches, long cpuNanos) {

        /** Voluntary plus involuntary context switches. */
        public long ctxSwitchesTotal() {
            return ctxSwitches.voluntary() + ctxSwitches.involuntary();
        }
    }
}
