package dev.harness.cli.compare;

/**
 * One metric of one cell as a range: the lowest, the median and the highest of its repeats, or a single
 * value (a run without repeats) as all three. Comparing ranges, not medians, is what keeps noise that the
 * repeats have shown from being called a regression.
 *
 * @param min    the lowest repeat
 * @param median the median of the repeats
 * @param max    the highest repeat
 * @param n      how many repeats it summarises (1 for a single value)
 */
public record Range(double min, double median, double max, int n) {

    public Range {
        if (!(min <= median && median <= max)) {
            throw new IllegalArgumentException("not a range: min " + min + ", median " + median + ", max " + max);
        }
    }

    /** A run without repeats: its value as min, median and max. */
    public static Range single(double value) {
        return new Range(value, value, value, 1);
    }

    /**
     * This range divided by {@code other}, the widest the quotient can be: the lowest of this over the
     * highest of the other, and the other way round. Null when {@code other} can be zero or below.
     */
    public Range over(Range other) {
        if (!(other.min > 0)) {
            return null;
        }
        return new Range(min / other.max, median / other.median, max / other.min, Math.min(n, other.n));
    }
}
