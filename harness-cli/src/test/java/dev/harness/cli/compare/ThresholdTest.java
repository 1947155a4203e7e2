package dev.harness.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Thresholds as k6 writes them: SCENARIO.SERVER.METRIC, an operator, a number; judged on the worst repeat. */
class ThresholdTest {

    @Test
    void readsEachPart() {
        Threshold t = Threshold.parse("echo.proactor-act.p99_us<5000");
        assertEquals("echo", t.scenario());
        assertEquals("proactor-act", t.server());
        assertEquals(Metric.P99_US, t.metric());
        assertEquals(Threshold.Op.LT, t.op());
        assertEquals(5000, t.limit());
    }

    @Test
    void readsEveryOperatorAndSpaces() {
        assertEquals(Threshold.Op.LE, Threshold.parse("echo.sync-threads.threads <= 40").op());
        assertEquals(Threshold.Op.GT, Threshold.parse("echo.sync-threads.throughput_rps>1_000").op());
        assertEquals(1000, Threshold.parse("echo.sync-threads.throughput_rps>1_000").limit());
        assertEquals(Threshold.Op.GE, Threshold.parse(" idle-connections.*.heap_bytes_per_connection >= 0 ").op());
    }

    @Test
    void wildcardsCoverAnyScenarioOrServer() {
        Threshold t = Threshold.parse("*.proactor-act.threads<30");
        assertTrue(t.covers("echo", "proactor-act"));
        assertTrue(t.covers("idle-connections", "proactor-act"));
        assertFalse(t.covers("echo", "sync-threads"));
        assertTrue(Threshold.parse("echo.*.threads<30").covers("echo", "sync-threads"));
    }

    @Test
    void anUpperBoundIsJudgedOnTheHighestRepeatALowerOnTheLowest() {
        Range repeats = new Range(900, 1000, 1200, 3);
        assertFalse(Threshold.parse("echo.*.p99_us<1100").heldBy(repeats));
        assertTrue(Threshold.parse("echo.*.p99_us<=1200").heldBy(repeats));
        assertFalse(Threshold.parse("echo.*.throughput_rps>950").heldBy(repeats));
        assertTrue(Threshold.parse("echo.*.throughput_rps>=900").heldBy(repeats));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "echo.p99_us<5000", "echo.proactor-act.p99_us", "echo.proactor-act.p99_us=5000",
            "echo.proactor-act.p99_us<fast", "echo.proactor-act.latency<5000", "echo.proactor-act.p99_us<NaN"})
    void refusesWhatIsNotAThreshold(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Threshold.parse(text));
        assertFalse(e.getMessage().isBlank());
    }

    @Test
    void anUnknownMetricListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Threshold.parse("echo.proactor-act.latency<5000"));
        assertTrue(e.getMessage().contains("p99_us"), e.getMessage());
    }
}
