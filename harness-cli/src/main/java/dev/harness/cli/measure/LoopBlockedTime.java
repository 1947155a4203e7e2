package dev.harness.cli.measure;

import dev.harness.server.LoopBlocking;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How long a server's event loops were blocked by the code they called, over a measurement window: the
 * difference of two readings of {@link dev.harness.server.Server#loopBlocking()} taken at the window's edges
 * (the {@code loop_blocking} object of summary.json's {@code server}). Every other connection of a loop
 * waited while it was blocked, so a handler that blocks an event loop without {@code Session.blocking}
 * shows here, not only as latency.
 *
 * @param thresholdMillis a handler call or completion at least this long counted
 * @param slowCalls       calls that counted in the window, over all loops
 * @param blockedMillis   their summed duration, over all loops
 * @param perLoop         each loop's blocked milliseconds in the window, in loop order
 */
public record LoopBlockedTime(double thresholdMillis, long slowCalls, double blockedMillis, List<Double> perLoop) {

    public LoopBlockedTime {
        perLoop = List.copyOf(perLoop);
    }

    /**
     * The window between two readings of the same loops; null when a reading is missing or the server has no
     * event loops (a thread per connection blocks only its own connection).
     */
    public static LoopBlockedTime between(List<LoopBlocking> start, List<LoopBlocking> end) {
        if (start == null || end == null || end.isEmpty() || start.size() != end.size()) {
            return null;
        }
        long calls = 0;
        long blockedNanos = 0;
        List<Double> perLoop = new ArrayList<>(end.size());
        for (int i = 0; i < end.size(); i++) {
            long loopNanos = end.get(i).blockedNanos() - start.get(i).blockedNanos();
            calls += end.get(i).slowCalls() - start.get(i).slowCalls();
            blockedNanos += loopNanos;
            perLoop.add(millis(loopNanos));
        }
        return new LoopBlockedTime(millis(end.get(0).thresholdNanos()), calls, millis(blockedNanos), perLoop);
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    Map<String, Object> toJson() {
        return JsonFields.objectOf("threshold_ms", thresholdMillis, "slow_calls", slowCalls, "blocked_ms", blockedMillis,
                "blocked_ms_per_loop", perLoop);
    }

    static LoopBlockedTime fromJson(JsonFields json) {
        if (json == null) {
            return null;
        }
        List<Double> perLoop = new ArrayList<>();
        if (json.map().get("blocked_ms_per_loop") instanceof List<?> values) {
            for (Object v : values) {
                perLoop.add(((Number) v).doubleValue());
            }
        }
        return new LoopBlockedTime(json.number("threshold_ms"), json.whole("slow_calls"), json.number("blocked_ms"), perLoop);
    }
}
