package dev.harness.cli.report;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * One tag of a cell's {@code histograms.hlog}, read back: the whole run's histogram (the exact sum of its
 * intervals, as HdrHistogram's log processor adds them) and each non-empty interval on its own, for a
 * chart of latency over time. Values are nanoseconds, as the generator records them.
 *
 * @param total     every interval added up
 * @param intervals the non-empty intervals, in log order
 */
record LatencyLog(Histogram total, List<Interval> intervals) {

    /**
     * One interval of the log.
     *
     * @param startS seconds from the log's first interval to this one's start
     * @param p99Ns  its 99th percentile
     * @param maxNs  its largest value
     */
    record Interval(double startS, long p99Ns, long maxNs) {
    }

    /** The intervals of {@code tag} in {@code hlog}; an empty log when it has none. */
    static LatencyLog read(Path hlog, String tag) {
        Histogram total = new Histogram(3);
        List<Interval> intervals = new ArrayList<>();
        HistogramLogReader reader;
        try {
            reader = new HistogramLogReader(hlog.toFile());
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot read " + hlog, e);
        }
        try (reader) {
            double firstStartS = Double.NaN;
            EncodableHistogram next;
            while ((next = reader.nextIntervalHistogram()) != null) {
                if (Double.isNaN(firstStartS)) {
                    firstStartS = next.getStartTimeStamp() / 1000.0;
                }
                if (tag.equals(next.getTag()) && next instanceof Histogram h && h.getTotalCount() > 0) {
                    total.add(h);
                    intervals.add(new Interval(h.getStartTimeStamp() / 1000.0 - firstStartS,
                            h.getValueAtPercentile(99), h.getMaxValue()));
                }
            }
        }
        return new LatencyLog(total, List.copyOf(intervals));
    }

    /** The logs of {@code tag} in every file, added into one total (the repeats of a cell, say). */
    static Histogram total(List<Path> hlogs, String tag) {
        Histogram sum = new Histogram(3);
        for (Path hlog : hlogs) {
            sum.add(read(hlog, tag).total());
        }
        return sum;
    }
}
