package dev.harness.cli.compare;

import dev.harness.cli.measure.JsonFields;
import java.util.List;

/**
 * The one place that knows how {@code harness run --repeat N} lays out a cell: its {@code summary.json}
 * gains {@code repeats} = {@code {n, runs: [{repeat, status, path}], metrics: {"latency_us.p99": {median,
 * min, max, values}, ...}}}, each repeat's own summary under {@code repeat-<r>/}. A summary without
 * {@code repeats} (a run of one) reads as a single value, min = median = max.
 */
final class Repeats {

    private Repeats() {
    }

    /**
     * The metric at {@code path} ({@code latency_us.p99}, {@code server.memory.threads}): the repeats' range
     * when the summary has one for it, else the single value at that path; null when it has neither.
     */
    static Range range(JsonFields summary, String path) {
        JsonFields repeats = summary.object("repeats");
        JsonFields aggregate = repeats == null || repeats.object("metrics") == null ? null
                : repeats.object("metrics").object(path);
        if (aggregate != null) {
            Double min = aggregate.number("min");
            Double median = aggregate.number("median");
            Double max = aggregate.number("max");
            if (min != null && median != null && max != null) {
                Integer n = repeats.integer("n");
                return new Range(min, median, max, n == null ? aggregate.objects("values").size() : n);
            }
        }
        String[] keys = path.split("\\.");
        Double value = summary.number(keys[0], List.of(keys).subList(1, keys.length).toArray(String[]::new));
        return value == null ? null : Range.single(value);
    }

    /**
     * The resolution the repeats state for the metric at {@code path} (a heap delta smaller than the collector's
     * noise, for one), below which a difference means nothing; null when they state none.
     */
    static Double resolution(JsonFields summary, String path) {
        JsonFields repeats = summary.object("repeats");
        JsonFields metrics = repeats == null ? null : repeats.object("metrics");
        JsonFields aggregate = metrics == null ? null : metrics.object(path);
        return aggregate == null ? null : aggregate.number("resolution");
    }

    /** Why a repeat of the cell is not ok ({@code repeat 2: failed}); null when every one is, or there are none. */
    static String notOk(JsonFields summary) {
        JsonFields repeats = summary.object("repeats");
        if (repeats == null) {
            return null;
        }
        for (JsonFields run : repeats.objects("runs")) {
            String status = run == null ? null : run.text("status");
            if (status != null && !status.equals("ok")) {
                return "repeat " + run.integer("repeat") + ": " + status;
            }
        }
        return null;
    }
}
