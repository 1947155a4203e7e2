package dev.harness.cli.run;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The breaking-point scenario's climb: idle-connections cells at rising counts, one after another, until a
 * step fails or the top is reached. The failing step's count and its {@link FailureCause} are the result;
 * so is a climb that reaches the top without failing. Each step is a cell of its own (a fresh server JVM
 * over tcp, a fresh cell JVM over mem), so a step that hangs or crashes is killed by its cell's time limit
 * and cannot poison the next server's climb.
 */
final class BreakingPoint {

    /** Runs one step: an idle-connections cell at {@code connections}. */
    @FunctionalInterface
    interface Step {
        Cell run(int connections) throws IOException, InterruptedException;
    }

    /**
     * A climb's outcome.
     *
     * @param steps       every step run, in order
     * @param reached     the largest count whose step succeeded; 0 when the first failed
     * @param failedAt    the count whose step failed; null when none did
     * @param cause       why it failed; null when none did
     * @param interrupted true when the run was stopped (Ctrl-C) during the climb
     */
    record Climb(List<Cell> steps, int reached, Integer failedAt, FailureCause cause, boolean interrupted) {
    }

    private BreakingPoint() {
    }

    /** Runs {@code counts} in order with {@code step} until one is not ok, or {@code stopped} turns true. */
    static Climb climb(List<Integer> counts, Step step, BooleanSupplier stopped) throws IOException, InterruptedException {
        List<Cell> steps = new ArrayList<>();
        int reached = 0;
        for (int count : counts) {
            if (stopped.getAsBoolean()) {
                return new Climb(steps, reached, null, null, true);
            }
            Cell cell = step.run(count);
            steps.add(cell);
            if (cell.ok()) {
                reached = count;
                continue;
            }
            if (stopped.getAsBoolean()) {
                return new Climb(steps, reached, null, null, true);
            }
            FailureCause cause = cell.cause() != null ? cell.cause()
                    : FailureCause.classify(cell.reason(), List.of(), null, false);
            return new Climb(steps, reached, count, cause, false);
        }
        return new Climb(steps, reached, null, null, false);
    }

    /** The breaking-point cell's summary.json: the climb and one row per step. */
    static Map<String, Object> summary(Climb climb, int top, String transport) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", "breaking point");
        json.put("transport", transport);
        json.put("top", top);
        json.put("reached", climb.reached());
        json.put("failed_at", climb.failedAt());
        json.put("cause", climb.cause() == null ? null : climb.cause().toJson());
        List<Object> rows = new ArrayList<>();
        for (Cell step : climb.steps()) {
            rows.add(row(step));
        }
        json.put("steps", rows);
        json.put("partial", climb.interrupted());
        return json;
    }

    /** One line on a breaking-point cell: where the climb failed and why, or how far it went. */
    static String headline(Cell cell) {
        if (!cell.ok()) {
            return cell.status() + ": " + cell.reason();
        }
        Map<String, Object> s = cell.summary();
        Double reached = Cell.number(s, "reached");
        Double failedAt = Cell.number(s, "failed_at");
        Double top = Cell.number(s, "top");
        if (failedAt == null) {
            return String.format("no step failed: %,.0f connections held and used (the top of the climb)",
                    top == null ? 0 : top);
        }
        String cause = s.get("cause") instanceof Map<?, ?> c ? c.get("summary") + " — " + String.valueOf(c.get("detail"))
                .replace("|", "/") : "unknown cause";
        return String.format("**fails at %,.0f connections** (the last step that held: %,.0f): %s", failedAt,
                reached == null ? 0 : reached, cause);
    }

    /** One step's row: what the report's breaking-point table shows. */
    static Map<String, Object> row(Cell step) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("connections", step.scenario().connections());
        row.put("status", step.status());
        row.put("reason", step.reason());
        row.put("opened", step.number("connections", "opened"));
        row.put("connect_all_ms", step.number("connections", "connect_all_ms"));
        row.put("heap_bytes_per_connection", step.number("server", "memory", "heap_bytes_per_connection"));
        row.put("rss_bytes_per_connection", step.number("server", "memory", "rss_bytes_per_connection"));
        row.put("threads", step.number("server", "memory", "threads"));
        row.put("completed", step.number("requests", "completed"));
        row.put("used", step.number("connections", "used"));
        row.put("latency_p99_us", step.number("latency_us", "p99"));
        return row;
    }
}
