/**
 * Recording: HdrHistogram recorders per I/O thread, the interval log, the generator's own costs, and JSON.
 *
 * <p>Each I/O thread owns a {@link dev.harness.load.record.ThreadRecorders}: single-writer
 * {@code Recorder}s for latency (from the intended send time), service time (from the actual send), schedule
 * lag (actual − intended send) and the generator's own lag. The {@link dev.harness.load.record.IntervalLog}
 * thread ({@code load-log}) swaps their interval histograms once a second, adds them up per tag and writes
 * them with {@code HistogramLogWriter} (tags {@code latency}, {@code service}, {@code lag},
 * {@code connect}; values in nanoseconds), which HdrHistogram's {@code HistogramLogProcessor} reads:
 *
 * <pre>
 * java -cp HdrHistogram.jar org.HdrHistogram.HistogramLogProcessor -i histograms.hlog -tag latency
 * </pre>
 *
 * {@link dev.harness.load.record.ThreadCost} reads a thread's CPU time and context switches from
 * {@code /proc/thread-self}; {@link dev.harness.load.record.Json} writes the summary.
 */
package dev.harness.load.record;
