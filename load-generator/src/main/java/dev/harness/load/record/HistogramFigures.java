package dev.harness.load.record;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The figures summary.json gives of its histograms (nanoseconds in, microseconds out): the percentile objects
 * of {@code latency_us}, {@code answered_latency_us}, {@code service_time_us}, {@code lag_us} and
 * {@code connections.connect_us}. One place, so that a generator's summary and a merge of several
 * ({@code harness merge}), which computes them from the added histograms, cannot differ in how they read one.
 */
public final class HistogramFigures {

    private HistogramFigures() {
    }

    /** {@code p50}, {@code p90}, {@code p99}, {@code p999}, {@code max}, {@code mean} (us) and {@code count}. */
    public static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", micros(h, 50));
        m.put("p90", micros(h, 90));
        m.put("p99", micros(h, 99));
        m.put("p999", micros(h, 99.9));
        m.put("max", maxMicros(h));
        m.put("mean", h.getTotalCount() == 0 ? 0.0 : round(h.getMean() / 1000.0));
        m.put("count", h.getTotalCount());
        return m;
    }

    /** The value at {@code percentile}, microseconds; 0 for an empty histogram. */
    public static double micros(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** The largest value, microseconds; 0 for an empty histogram. */
    public static double maxMicros(Histogram h) {
        return h.getTotalCount() == 0 ? 0.0 : h.getMaxValue() / 1000.0;
    }

    /**
     * Puts {@code latency_us} (with {@code censored} and {@code lower_bound}), {@code answered_latency_us},
     * {@code service_time_us} and {@code lag_us} into {@code summary}, in that order.
     */
    public static void putLatencies(Map<String, Object> summary, Histogram latency, Histogram censored, Histogram service,
                                    Histogram lag, Histogram ownLag) {
        Map<String, Object> latencyMap = percentiles(latency);
        latencyMap.put("censored", censored.getTotalCount());
        latencyMap.put("lower_bound", censored.getTotalCount() > 0);
        summary.put("latency_us", latencyMap);
        Histogram answered = latency.copy();
        answered.subtract(censored);
        summary.put("answered_latency_us", percentiles(answered));
        summary.put("service_time_us", percentiles(service));
        Map<String, Object> lagMap = new LinkedHashMap<>();
        lagMap.put("p99", micros(lag, 99));
        lagMap.put("max", maxMicros(lag));
        lagMap.put("own_p99", micros(ownLag, 99));
        summary.put("lag_us", lagMap);
    }

    /** {@code connections.connect_us}: {@code p50}, {@code p99}, {@code max}. */
    public static Map<String, Object> connectMicros(Histogram connect) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("p50", micros(connect, 50));
        m.put("p99", micros(connect, 99));
        m.put("max", maxMicros(connect));
        return m;
    }

    /** Rounded to three decimals, as summary.json writes its figures. */
    public static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
