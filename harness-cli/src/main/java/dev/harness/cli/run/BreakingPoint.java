package dev.harness.cli.run;

import dev.harness.cli.measure.IdleMemory;
import dev.harness.cli.measure.JsonFields;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The breaking-point scenario's climb: idle-connections cells at rising counts, one after another, until a
 * step fails or the top is reached. The failing step's count and its {@link FailureCause} are the result;
 * so is a climb that reaches the top without failing. The first overloaded step (it held every connection,
 * but left more than 0.1 % of its requests unanswered) is where the model stops keeping up: the climb goes
 * on past it and reports it as {@code degraded_at}, beside {@code failed_at}. Each step is a cell of its own (a
 * fresh server JVM over tcp, a fresh cell JVM over mem) in a folder named by its count, so a step that hangs
 * or crashes is killed by its cell's time limit and cannot poison the next server's climb.
 */
final class BreakingPoint {

    /** Runs one step: an idle-connections cell at {@code connections}. */
    @FunctionalInterface
    interface Step {
        Cell run(int connections) throws IOException, InterruptedException;
    }

    /** Runs a cell of {@code scenario} into {@code dir}: how a step's cell runs over the run's transport. */
    @FunctionalInterface
    interface CellRun {
        Cell run(Scenario scenario, Path dir) throws IOException, InterruptedException;
    }

    /**
     * A climb's outcome.
     *
     * @param steps       every step run, in order
     * @param reached     the largest count whose step succeeded (ok or overloaded); 0 when the first failed
     * @param degradedAt  the count of the first overloaded step; null when none was
     * @param failedAt    the count whose step failed; null when none did
     * @param cause       why it failed; null when none did
     * @param interrupted true when the run was stopped (Ctrl-C) during the climb
     */
    record Climb(List<Cell> steps, int reached, Integer degradedAt, Integer failedAt, FailureCause cause,
                 boolean interrupted) {
    }

    /**
     * The breaking-point cell's summary.json: the climb and one row per step.
     *
     * @param transport the run's transport
     * @param top       the last step asked for
     * @param reached   the largest count whose step succeeded
     * @param degradedAt the count of the first overloaded step; null when none was (or the climb predates it)
     * @param failedAt  the count whose step failed; null when none did
     * @param cause     why it failed; null when none did
     * @param steps     one row per step run
     * @param partial   whether the climb was interrupted
     */
    record Summary(String transport, int top, int reached, Integer degradedAt, Integer failedAt, FailureCause cause,
                   List<StepRow> steps, boolean partial) implements CellSummary {

        static Summary of(Climb climb, int top, String transport) {
            return new Summary(transport, top, climb.reached(), climb.degradedAt(), climb.failedAt(), climb.cause(),
                    climb.steps().stream().map(StepRow::of).toList(), climb.interrupted());
        }

        @Override
        public Map<String, Object> toJson() {
            Map<String, Object> json = JsonFields.objectOf("mode", "breaking point", "transport", transport, "top", top,
                    "reached", reached, "failed_at", failedAt, "cause", cause == null ? null : cause.toJson(),
                    "steps", steps.stream().map(StepRow::toJson).toList(), "partial", partial);
            if (degradedAt != null) {   // absent from climbs that did not degrade, as from those written before it existed
                json.put("degraded_at", degradedAt);
            }
            return json;
        }

        static Summary fromJson(JsonFields json) {
            JsonFields cause = json.object("cause");
            return new Summary(json.text("transport"), json.integer("top"), json.integer("reached"),
                    json.integer("degraded_at"), json.integer("failed_at"), cause == null ? null : FailureCause.fromJson(cause),
                    json.objects("steps").stream().map(StepRow::fromJson).toList(), Boolean.TRUE.equals(json.flag("partial")));
        }
    }

    /** One step's row: what the report's breaking-point table shows; a figure the step lacks is null. */
    record StepRow(int connections, CellStatus status, String reason, Double opened, Double connectAllMillis,
                   Double heapBytesPerConnection, Double rssBytesPerConnection, Double threads, Double completed,
                   Double used, Double latencyP99Micros) {

        static StepRow of(Cell step) {
            CellSummary.Measured m = step.measured();
            LoadFigures f = m == null ? null : m.figures();
            IdleMemory memory = m == null ? null : m.server().memory();
            return new StepRow(step.scenario().connections(), step.status(), step.reason(),
                    f == null ? null : f.opened(), f == null ? null : f.connectAllMillis(),
                    memory == null ? null : memory.heapBytesPerConnection(),
                    memory == null ? null : memory.rssBytesPerConnection(),
                    memory == null ? null : (double) memory.threads(),
                    f == null ? null : f.completed(), f == null ? null : f.used(), f == null ? null : f.latencyP99Micros());
        }

        Map<String, Object> toJson() {
            return JsonFields.objectOf("connections", connections, "status", status.jsonName(), "reason", reason,
                    "opened", opened, "connect_all_ms", connectAllMillis, "heap_bytes_per_connection", heapBytesPerConnection,
                    "rss_bytes_per_connection", rssBytesPerConnection, "threads", threads, "completed", completed,
                    "used", used, "latency_p99_us", latencyP99Micros);
        }

        static StepRow fromJson(JsonFields json) {
            return new StepRow(json.integer("connections"), CellStatus.fromJson(json.text("status")), json.text("reason"),
                    json.number("opened"), json.number("connect_all_ms"), json.number("heap_bytes_per_connection"),
                    json.number("rss_bytes_per_connection"), json.number("threads"), json.number("completed"),
                    json.number("used"), json.number("latency_p99_us"));
        }
    }

    private BreakingPoint() {
    }

    /**
     * Climbs {@code scenario}'s steps for {@code server} into {@code dir}, each step by {@code step}, and writes
     * the climb's summary.json there.
     */
    static Cell run(String server, Scenario scenario, Path dir, String transport, CellRun step, CellRunner.Listener listener,
                    BooleanSupplier stopped) throws IOException, InterruptedException {
        Climb climb = climb(scenario.steps(), count -> {
            listener.line("step " + String.format("%,d", count) + " connections");
            return step.run(Scenario.breakingPointStep(count, scenario.idleRate()), dir.resolve(Integer.toString(count)));
        }, stopped);
        Summary summary = Summary.of(climb, scenario.connections(), transport);
        return new Cell(server, scenario, climb.interrupted() ? Verdict.partial("interrupted") : Verdict.OK, summary).write(dir);
    }

    /**
     * Runs {@code counts} in order with {@code step} until one fails or is partial, or {@code stopped} turns true;
     * an overloaded step is passed, the first one remembered.
     */
    static Climb climb(List<Integer> counts, Step step, BooleanSupplier stopped) throws IOException, InterruptedException {
        List<Cell> steps = new ArrayList<>();
        int reached = 0;
        Integer degradedAt = null;
        for (int count : counts) {
            if (stopped.getAsBoolean()) {
                return new Climb(steps, reached, degradedAt, null, null, true);
            }
            Cell cell = step.run(count);
            steps.add(cell);
            if (cell.status().completed()) {
                reached = count;
                if (cell.status() == CellStatus.OVERLOADED && degradedAt == null) {
                    degradedAt = count;
                }
                continue;
            }
            if (stopped.getAsBoolean()) {
                return new Climb(steps, reached, degradedAt, null, null, true);
            }
            FailureCause cause = cell.cause() != null ? cell.cause()
                    : FailureCause.classify(cell.reason(), List.of(), null, false);
            return new Climb(steps, reached, degradedAt, count, cause, false);
        }
        return new Climb(steps, reached, degradedAt, null, null, false);
    }

    /** One line on a breaking-point cell: where the climb failed and why, or how far it went. */
    static String headline(Cell cell) {
        if (!cell.ok()) {
            return cell.status().jsonName() + ": " + cell.reason();
        }
        Summary s = (Summary) cell.summary();
        String degraded = s.degradedAt() == null ? "" : String.format("; **degrades at %,d connections** (the first step"
                + " that left more than 0.1 %% of its requests unanswered)", s.degradedAt());
        if (s.failedAt() == null) {
            return String.format("no step failed: %,.0f connections held and used (the top of the climb)", (double) s.top())
                    + degraded;
        }
        String cause = s.cause() != null ? s.cause().kind().summary() + " — " + String.valueOf(s.cause().detail())
                .replace("|", "/") : "unknown cause";
        return String.format("**fails at %,.0f connections** (the last step that held: %,.0f): %s", (double) s.failedAt(),
                (double) s.reached(), cause) + degraded;
    }
}
