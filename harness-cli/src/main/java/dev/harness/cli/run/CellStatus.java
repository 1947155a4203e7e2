package dev.harness.cli.run;

import java.util.Locale;

/** How a cell ended: the {@code status} of its {@code cell} object in summary.json. */
public enum CellStatus {
    /** It ran as asked and passed every check of {@link CellRules}. */
    OK,
    /** It stopped early (Ctrl-C, the time limit, a window that did not complete): its figures are partial. */
    PARTIAL,
    /** A check failed or the server or cell JVM did not run: the reason says which. */
    FAILED,
    /**
     * It ran and passed every check, but the server did not keep up with the offered load (the load's
     * {@code status} is overloaded, in a scenario that judges it): its figures are a result, never ranked best.
     */
    OVERLOADED;

    /** Whether the cell ran to the end and its figures stand: ok or overloaded, not partial or failed. */
    public boolean completed() {
        return this == OK || this == OVERLOADED;
    }

    /** {@code ok}, {@code partial}, {@code failed}, {@code overloaded}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static CellStatus fromJson(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
