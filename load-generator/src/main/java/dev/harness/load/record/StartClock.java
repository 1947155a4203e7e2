package dev.harness.load.record;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * When a load started on the wall clock, and how far that clock can be trusted: the {@code clock} object of
 * summary.json. Generators started together ({@code --start-at}) start their warmup at one instant of their own
 * clocks; the instant they meant is only as common as their clocks agree, which {@link ClockOffset} says.
 *
 * @param startAt        the instant asked for; null when the load started as soon as its connections were open
 * @param startLateNanos how long after that instant the I/O threads were told to start (the schedule still counts
 *                       from the instant, so requests due meanwhile leave at once and their lag shows it)
 * @param offset         this machine's clock offset, or why it is unknown
 */
public record StartClock(Instant startAt, long startLateNanos, ClockOffset offset) {

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("start_at", startAt == null ? null : startAt.toString());
        json.put("start_late_ms", startAt == null ? null : Math.round(startLateNanos / 1e3) / 1000.0);
        json.putAll(offset.toJson());
        return json;
    }
}
