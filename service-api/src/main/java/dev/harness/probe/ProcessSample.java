package dev.harness.probe;

/**
 * One reading of a process's costs from {@code /proc}. Differences of two readings give the costs of the
 * window between them; see {@link #minus}.
 *
 * @param nanoTime            {@link System#nanoTime()} when read
 * @param threads             live threads (tasks)
 * @param voluntaryCtxSwitches   voluntary context switches summed over the live threads
 * @param involuntaryCtxSwitches involuntary context switches summed over the live threads
 * @param cpuNanos            user + system CPU time of the whole process, dead threads included
 * @param rssBytes            resident set size
 * @param peakRssBytes        peak resident set size (VmHWM)
 * @param fileDescriptors     open file descriptors
 */
public record ProcessSample(long nanoTime, int threads, long voluntaryCtxSwitches, long involuntaryCtxSwitches,
                            long cpuNanos, long rssBytes, long peakRssBytes, int fileDescriptors) {

    /** Voluntary plus involuntary context switches. */
    public long ctxSwitches() {
        return voluntaryCtxSwitches + involuntaryCtxSwitches;
    }

    /**
     * The costs between {@code earlier} and this reading: counters as differences, gauges (threads, RSS,
     * peak RSS, file descriptors) as this reading's values.
     */
    public ProcessSample minus(ProcessSample earlier) {
        return new ProcessSample(nanoTime - earlier.nanoTime, threads,
                voluntaryCtxSwitches - earlier.voluntaryCtxSwitches,
                involuntaryCtxSwitches - earlier.involuntaryCtxSwitches,
                cpuNanos - earlier.cpuNanos, rssBytes, peakRssBytes, fileDescriptors);
    }
}
