package dev.harness.cli.compare;

/**
 * One line of a comparison: a metric of one cell (or its ratio to the reference server, or a goal), the
 * baseline's figures and the current run's, and the verdict.
 *
 * @param scenario the cell's scenario
 * @param server   the cell's server
 * @param what     the metric's key, {@code p99_us / sync-threads} for a same-run ratio, or a threshold's text
 * @param baseline the baseline's figures; null for a goal, or when the baseline has none
 * @param current  the current run's; null when it has none
 * @param verdict  what the comparison says
 * @param note     the change and what was allowed, or why it was not compared
 */
public record Finding(String scenario, String server, String what, Range baseline, Range current, Verdict verdict,
                      String note) {

    /** What a comparison says of one line. */
    public enum Verdict {
        OK("ok"), BETTER("better"), REGRESSION("REGRESSION"), NOT_COMPARED("not compared"), GOAL_MET("goal met"),
        GOAL_MISSED("GOAL MISSED");

        private final String label;

        Verdict(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** Whether it fails the comparison (exit 1). */
        public boolean fails() {
            return this == REGRESSION || this == GOAL_MISSED;
        }
    }
}
