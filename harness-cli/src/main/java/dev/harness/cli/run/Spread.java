package dev.harness.cli.run;

import dev.harness.cli.measure.JsonFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One metric of one server × scenario over the repeats of a run: its median, with the range its repeats
 * spanned, and the measurement's resolution when it has one. This is what the report shows and ranks: a
 * figure whose median is within its resolution of zero is noise ({@link #belowResolution}), and two servers
 * whose ranges overlap are not told apart by the run ({@link #overlaps}).
 *
 * <p>The range is min-max, not a confidence interval: with the 2 or 3 repeats a run can afford, an interval
 * estimated from their scatter would be narrower than what the repeats actually showed, and min-max is what
 * a reader can check against the repeats' own files.
 *
 * @param median     the median of {@code values} (the mean of the middle two for an even count)
 * @param min        the smallest value
 * @param max        the largest value
 * @param values     every repeat's value, in repeat order
 * @param resolution the smallest magnitude the measurement can tell from zero, in the metric's unit; null
 *                   when the metric has none (a count, a rate)
 */
record Spread(double median, double min, double max, List<Double> values, Double resolution) {

    Spread {
        values = List.copyOf(values);
    }

    /** The spread of {@code values} (at least one); {@code resolution} may be null. */
    static Spread of(List<Double> values, Double resolution) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a spread needs at least one value");
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.getFirst(), sorted.getLast(), values, resolution);
    }

    /** How many repeats it spans. */
    int n() {
        return values.size();
    }

    /** True when the median is smaller in magnitude than the resolution: it cannot be told from zero. */
    boolean belowResolution() {
        return resolution != null && Math.abs(median) < resolution;
    }

    /** True when this range and {@code other}'s share a value: the run does not tell them apart. */
    boolean overlaps(Spread other) {
        return min <= other.max && other.min <= max;
    }

    /** The object under {@code repeats.metrics}: {@code median}, {@code min}, {@code max}, {@code values}, {@code resolution} if any. */
    Map<String, Object> toJson() {
        Map<String, Object> json = JsonFields.objectOf("median", median, "min", min, "max", max, "values", values);
        if (resolution != null) {
            json.put("resolution", resolution);
        }
        return json;
    }

    /** The spread {@link #toJson()} wrote. */
    static Spread fromJson(JsonFields json) {
        List<Double> values = new ArrayList<>();
        if (json.map().get("values") instanceof List<?> list) {
            for (Object v : list) {
                values.add(((Number) v).doubleValue());
            }
        }
        return new Spread(json.number("median"), json.number("min"), json.number("max"), values, json.number("resolution"));
    }
}
