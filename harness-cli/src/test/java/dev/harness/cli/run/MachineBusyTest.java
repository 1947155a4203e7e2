package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.measure.JsonReader;
import org.junit.jupiter.api.Test;

/** {@link CellRules#machineBusy}: a cell whose machine was over 90 % busy in its window is flagged, with why. */
class MachineBusyTest {

    private static LoadFigures figures(String machine) {
        return LoadFigures.of(JsonFields.of(JsonReader.read("{\"throughput_rps\": 1000, \"machine\": " + machine + "}")));
    }

    @Test
    void overNinetyPercentIsFlaggedWithTheFigures() {
        String reason = CellRules.machineBusy(figures("{\"cpu_busy\": 0.953, \"cores\": 2}"));
        assertTrue(reason != null && reason.contains("2 cores were 95.3% busy") && reason.contains("--cpus"), reason);
    }

    @Test
    void ninetyPercentOrLessIsNot() {
        assertNull(CellRules.machineBusy(figures("{\"cpu_busy\": 0.9, \"cores\": 2}")));
        assertNull(CellRules.machineBusy(figures("{\"cpu_busy\": 0.35, \"cores\": 2}")));
    }

    @Test
    void aMachineNotReadIsNotFlagged() {
        assertNull(CellRules.machineBusy(figures("null")));
    }
}
