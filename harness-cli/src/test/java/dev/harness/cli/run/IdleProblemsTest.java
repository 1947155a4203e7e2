package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What fails an idle-connections cell, and what only degrades a breaking-point step. */
class IdleProblemsTest {

    private static Map<String, Object> summary(long unfinished, long errors) {
        return Map.of(
                "connections", Map.of("opened", 16_000, "used", 16_000, "closed_by_peer", 0),
                "server", Map.of("memory", Map.of("connections_held", 16_000)),
                "requests", Map.of("completed", 119_685, "unfinished", unfinished, "errors", errors, "timeouts", 0,
                        "errors_by_kind", Map.of()));
    }

    @Test
    void answersStillMissingWhenTheWindowEndsFailAnIdleConnectionsCellButNotABreakingPointStep() {
        List<String> cell = CellRunner.idleProblems(summary(315, 0), 16_000, Scenario.idleConnections(16_000).lateAnswersFail());
        assertEquals(1, cell.size(), cell.toString());
        assertTrue(cell.get(0).contains("315 requests were still unanswered"), cell.toString());
        assertEquals(List.of(), CellRunner.idleProblems(summary(315, 0), 16_000,
                Scenario.breakingPointStep(16_000).lateAnswersFail()));
    }

    @Test
    void aFailedRequestBreaksABreakingPointStep() {
        List<String> step = CellRunner.idleProblems(summary(0, 3), 16_000, Scenario.breakingPointStep(16_000).lateAnswersFail());
        assertEquals(1, step.size(), step.toString());
        assertTrue(step.get(0).contains("3 requests failed"), step.toString());
    }
}
