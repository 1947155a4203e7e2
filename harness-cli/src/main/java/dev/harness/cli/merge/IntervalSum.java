package dev.harness.cli.merge;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The interval histograms of several generators added per interval and tag: exact addition of counts per
 * bucket, never an average of percentiles. Generators started together ({@code --start-at}) put an interval
 * boundary on their common start instant, so interval {@code k} of every generator ends {@code k} intervals
 * after it (give or take their clock offsets and the log thread's wake-up, both far under half an interval);
 * an interval joins the sum of the boundary nearest its end. The merged interval spans from the earliest start
 * to the latest end of what it holds. The whole run's histogram of a tag is the sum of all its intervals, as it
 * is for one generator.
 */
final class IntervalSum {

    private final long startAtMillis;
    private final long intervalMillis;
    private final TreeMap<Long, Map<String, Histogram>> sums = new TreeMap<>();
    private final Map<String, Histogram> totals = new LinkedHashMap<>();

    /**
     * @param startAtMillis  the generators' common start, epoch milliseconds: a boundary of every interval
     * @param intervalMillis the length of an interval
     */
    IntervalSum(long startAtMillis, long intervalMillis) {
        this.startAtMillis = startAtMillis;
        this.intervalMillis = intervalMillis;
    }

    /** Adds one generator's interval. */
    void add(Histogram interval) {
        long boundary = Math.round((interval.getEndTimeStamp() - startAtMillis) / (double) intervalMillis);
        String tag = interval.getTag();
        Histogram sum = sums.computeIfAbsent(boundary, b -> new LinkedHashMap<>()).computeIfAbsent(tag, t -> {
            Histogram h = new Histogram(interval.getNumberOfSignificantValueDigits());
            h.setTag(t);
            h.setStartTimeStamp(interval.getStartTimeStamp());
            h.setEndTimeStamp(interval.getEndTimeStamp());
            return h;
        });
        sum.add(interval);
        sum.setStartTimeStamp(Math.min(sum.getStartTimeStamp(), interval.getStartTimeStamp()));
        sum.setEndTimeStamp(Math.max(sum.getEndTimeStamp(), interval.getEndTimeStamp()));
        totals.computeIfAbsent(tag, t -> new Histogram(interval.getNumberOfSignificantValueDigits())).add(interval);
    }

    /** The whole run's histogram of {@code tag}: every interval of every generator added; empty when none. */
    Histogram total(String tag) {
        Histogram total = totals.get(tag);
        return total == null ? new Histogram(3) : total.copy();
    }

    /** The merged intervals. */
    int intervals() {
        return sums.size();
    }

    /** The merged log, {@code .hlog} text: the sums in time order, each interval's tags in the order first seen. */
    byte[] log(String comment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        HistogramLogWriter writer = new HistogramLogWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        long first = sums.isEmpty() ? startAtMillis : sums.values().stream().flatMap(m -> m.values().stream())
                .mapToLong(Histogram::getStartTimeStamp).min().orElse(startAtMillis);
        writer.outputComment(comment);
        writer.outputLogFormatVersion();
        writer.outputStartTime(first);
        writer.setBaseTime(first);
        writer.outputBaseTime(first);
        writer.outputLegend();
        for (Map<String, Histogram> interval : sums.values()) {
            for (Histogram sum : interval.values()) {
                writer.outputIntervalHistogram(sum);
            }
        }
        writer.close();
        return bytes.toByteArray();
    }
}
