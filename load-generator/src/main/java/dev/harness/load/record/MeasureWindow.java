package dev.harness.load.record;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measurement window of one load: the interval that every figure of a summary covers — the generator's
 * counts and costs, the server's probes and perf, the machine's CPU. Kept on the {@link System#nanoTime()}
 * clock, on which the generator and the probes read their edges, and as UTC instants for the reader
 * ({@code window} of summary.json). The instants are derived from the nanosecond clock once, when the window
 * is made, so they are as exact as that one conversion (a few microseconds).
 *
 * @param startNanos the window's start on the nanosecond clock
 * @param endNanos   its end, after {@code startNanos}
 * @param start      its start in UTC
 * @param end        its end in UTC
 */
public record MeasureWindow(long startNanos, long endNanos, Instant start, Instant end) {

    public MeasureWindow {
        if (endNanos - startNanos <= 0) {
            throw new IllegalArgumentException("a window ends after it starts: " + startNanos + " .. " + endNanos);
        }
    }

    /** The window {@code [startNanos, endNanos]}, with instants read from the clocks now. */
    public static MeasureWindow of(long startNanos, long endNanos) {
        long nowNanos = System.nanoTime();
        Instant now = Instant.now();
        return new MeasureWindow(startNanos, endNanos, now.minusNanos(nowNanos - startNanos),
                now.minusNanos(nowNanos - endNanos));
    }

    /** The window's length. */
    public long nanos() {
        return endNanos - startNanos;
    }

    /** How far {@code nanoTime} lies after the window's start, in milliseconds (negative before it). */
    public double millisAfterStart(long nanoTime) {
        return (nanoTime - startNanos) / 1e6;
    }

    /** How far {@code nanoTime} lies after the window's end, in milliseconds (negative before it). */
    public double millisAfterEnd(long nanoTime) {
        return (nanoTime - endNanos) / 1e6;
    }

    /** The {@code window} object of summary.json: {@code start}, {@code end} (ISO-8601 UTC), {@code s}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("start", start.toString());
        json.put("end", end.toString());
        json.put("s", Math.round(nanos() / 1e6) / 1000.0);
        return json;
    }
}
