package dev.harness.cli.report;

import dev.harness.cli.measure.JsonFields;

/**
 * Reads one figure of a cell's summary by its dotted path ({@code server.cpu_us_per_request}): the median of
 * the repeats when the run repeated the cell ({@code repeats.metrics.<path>.median}), else the value at the
 * path itself.
 */
final class Figures {

    private Figures() {
    }

    /** The figure, or null when the summary has none (an idle cell has no cost per request, say). */
    static Double of(JsonFields summary, String path) {
        JsonFields metrics = summary.object("repeats") == null ? null : summary.object("repeats").object("metrics");
        if (metrics != null && metrics.object(path) != null) {
            return metrics.object(path).number("median");
        }
        String[] keys = path.split("\\.");
        String[] rest = new String[keys.length - 1];
        System.arraycopy(keys, 1, rest, 0, rest.length);
        return summary.number(keys[0], rest);
    }

    /** The first of {@code paths} that the summary has. */
    static Double first(JsonFields summary, String... paths) {
        for (String path : paths) {
            Double value = of(summary, path);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /**
     * The cell's status as {@code run} judged it: its {@code cell} object's when there is one (a cell that is not
     * ok), else partial or ok. Not the load's own top-level {@code status}: run judges that only where the
     * scenario does (an idle-connections cell's request phase may be overloaded, its memory still ok).
     */
    static String status(JsonFields summary) {
        JsonFields cell = summary.object("cell");
        if (cell != null && cell.text("status") != null) {
            return cell.text("status");
        }
        return Boolean.TRUE.equals(summary.flag("partial")) ? "partial" : "ok";
    }
}
