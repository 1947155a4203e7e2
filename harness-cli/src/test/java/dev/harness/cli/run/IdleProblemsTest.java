package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.measure.IdleMemory;
import dev.harness.cli.measure.JsonFields;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What fails an idle-connections cell, and what only degrades a breaking-point step. */
class IdleProblemsTest {

    /** The generator's figures of a cell whose server held all 16,000 connections. */
    private static LoadFigures summary(long unfinished, long errors) {
        return LoadFigures.of(new JsonFields(Map.of(
                "connections", Map.of("opened", 16_000, "used", 16_000, "closed_by_peer", 0),
                "requests", Map.of("completed", 119_685, "unfinished", unfinished, "errors", errors, "timeouts", 0,
                        "errors_by_kind", Map.of()))));
    }

    private static final IdleMemory HELD = new IdleMemory(16_000, null, null, 0, null, null, 0, 0, 0, "none", 0, null);

    @Test
    void answersStillMissingWhenTheWindowEndsFailAnIdleConnectionsCellButNotABreakingPointStep() {
        List<String> cell = CellRules.idleProblems(summary(315, 0), HELD, 16_000, Scenario.idleConnections(16_000).lateAnswersFail());
        assertEquals(1, cell.size(), cell.toString());
        assertTrue(cell.get(0).contains("315 requests were still unanswered"), cell.toString());
        assertEquals(List.of(), CellRules.idleProblems(summary(315, 0), HELD, 16_000,
                Scenario.breakingPointStep(16_000).lateAnswersFail()));
    }

    /** A cell whose server closed connections {@code closes} times, {@code lost} of them for good. */
    private static LoadFigures closing(long closes, long reconnects, long lost) {
        return LoadFigures.of(new JsonFields(Map.of(
                "connections", Map.of("opened", 16_000, "used", 16_000, "closed_by_peer", closes, "reconnects", reconnects,
                        "lost", lost),
                "requests", Map.of("completed", 119_685, "unfinished", 0, "errors", 0, "timeouts", 0,
                        "errors_by_kind", Map.of()))));
    }

    @Test
    void connectionsClosedForGoodAreToldApartFromReconnectedOnes() {
        List<String> forGood = CellRules.idleProblems(closing(30, 28, 2), HELD, 16_000, true);
        assertEquals(List.of("2 connections were closed by the server for good (30 closes in all, the others reconnected)"),
                forGood);
        List<String> reconnected = CellRules.idleProblems(closing(30, 30, 0), HELD, 16_000, true);
        assertEquals(1, reconnected.size(), reconnected.toString());
        assertTrue(reconnected.get(0).contains("reconnected them (30 reconnects)"), reconnected.toString());
    }

    @Test
    void aFailedRequestBreaksABreakingPointStep() {
        List<String> step = CellRules.idleProblems(summary(0, 3), HELD, 16_000, Scenario.breakingPointStep(16_000).lateAnswersFail());
        assertEquals(1, step.size(), step.toString());
        assertTrue(step.get(0).contains("3 requests failed"), step.toString());
    }
}
