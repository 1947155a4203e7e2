package dev.harness.cli.run;

import dev.harness.cli.measure.JsonFields;
import java.util.Map;

/**
 * A cell's status and why: the {@code cell} object of summary.json, written only when the cell is not ok.
 * {@link CellRules} decides it.
 *
 * @param status              ok, partial, failed or overloaded
 * @param reason              why it is not ok; null when it is
 * @param failedAtConnections the connection count where a failed cell failed (0: before any); null otherwise
 * @param cause               why it failed, classified; null unless failed
 */
record Verdict(CellStatus status, String reason, Integer failedAtConnections, FailureCause cause) {

    static final Verdict OK = new Verdict(CellStatus.OK, null, null, null);

    static Verdict failed(String reason, int atConnections, FailureCause cause) {
        return new Verdict(CellStatus.FAILED, reason, atConnections, cause);
    }

    static Verdict partial(String reason) {
        return new Verdict(CellStatus.PARTIAL, reason, null, null);
    }

    static Verdict overloaded(String reason) {
        return new Verdict(CellStatus.OVERLOADED, reason, null, null);
    }

    boolean ok() {
        return status == CellStatus.OK;
    }

    /** The {@code cell} object. */
    Map<String, Object> toJson() {
        return JsonFields.objectOf("status", status.jsonName(), "reason", reason, "failed_at_connections", failedAtConnections,
                "cause", cause == null ? null : cause.toJson());
    }

    /** The verdict of a summary.json: its {@code cell} object's, or ok when it has none. */
    static Verdict fromJson(JsonFields summary) {
        JsonFields cell = summary.object("cell");
        if (cell == null) {
            return OK;
        }
        JsonFields cause = cell.object("cause");
        return new Verdict(CellStatus.fromJson(cell.text("status")), cell.text("reason"), cell.integer("failed_at_connections"),
                cause == null ? null : FailureCause.fromJson(cause));
    }
}
