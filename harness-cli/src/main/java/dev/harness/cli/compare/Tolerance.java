package dev.harness.cli.compare;

import java.util.Map;

/**
 * How far a metric may move before {@code harness compare} calls it a regression: beyond {@code factor} times
 * the baseline <em>and</em> by more than {@code floor} in the metric's own unit (so that 0.01 context switches
 * per request becoming 0.02 is not "twice as bad"). Applied to the edges of the ranges that face each other,
 * so a verdict needs the repeats' ranges not to overlap as well.
 *
 * @param factor      at least 1: the ratio allowed against the baseline
 * @param floor       at least 0: the absolute difference that is always allowed, in the metric's unit
 * @param ratioFactor at least 1 for a time or rate: the change allowed in its ratio between two servers of one run;
 *                    null for a count
 * @param reason      why this much, from which measurement
 * @param notFor      scenarios where the metric is not judged at all, each with the reason (a figure that
 *                    unchanged runs moved too far to judge there)
 */
public record Tolerance(double factor, double floor, Double ratioFactor, String reason, Map<String, String> notFor) {

    public Tolerance {
        notFor = Map.copyOf(notFor);
        if (!(factor >= 1) || !(floor >= 0) || (ratioFactor != null && !(ratioFactor >= 1))) {
            throw new IllegalArgumentException("a tolerance needs factor >= 1, floor >= 0 and ratio_factor >= 1, got factor "
                    + factor + ", floor " + floor + ", ratio_factor " + ratioFactor);
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a tolerance needs a reason");
        }
    }

    /** This tolerance with its floor raised to {@code atLeast} (a measurement's resolution). */
    Tolerance withFloorAtLeast(double atLeast) {
        return atLeast <= floor ? this : new Tolerance(factor, atLeast, ratioFactor, reason, notFor);
    }

    /** Whether {@code to} is above {@code from} by more than this tolerance allows. */
    boolean beyond(double from, double to) {
        return to > from * factor && to - from > floor;
    }

    /** Whether {@code to} is above {@code from} by more than {@link #ratioFactor()} allows. */
    boolean ratioBeyond(double from, double to) {
        return to > from * ratioFactor;
    }
}
