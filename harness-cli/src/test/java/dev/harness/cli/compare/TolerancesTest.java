package dev.harness.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checked-in tolerances are complete and explained; a user's file replaces only what it names. */
class TolerancesTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultsCoverEveryMetricWithAReason() {
        Tolerances defaults = Tolerances.defaults();
        for (Metric m : Metric.values()) {
            Tolerance t = defaults.of(m);
            assertNotNull(t, m.key());
            assertFalse(t.reason().isBlank(), m.key());
            if (m.kind() == Metric.Kind.TIME) {
                assertNotNull(t.ratioFactor(), m.key());
            } else {
                assertNull(t.ratioFactor(), m.key());
            }
        }
        assertEquals("sync-threads", defaults.referenceServer());
    }

    @Test
    void countsAreTighterThanTimes() {
        Tolerances defaults = Tolerances.defaults();
        double loosestCount = 0;
        double tightestTime = Double.MAX_VALUE;
        for (Metric m : Metric.values()) {
            if (m.kind() == Metric.Kind.COUNT) {
                loosestCount = Math.max(loosestCount, defaults.of(m).factor());
            } else {
                tightestTime = Math.min(tightestTime, defaults.of(m).factor());
            }
        }
        assertTrue(loosestCount < tightestTime, loosestCount + " vs " + tightestTime);
    }

    @Test
    void aUserFileReplacesTheEntriesItNamesAndAddsThresholds() throws IOException {
        Path file = Files.writeString(dir.resolve("t.json"), """
                {"reference_server": "proactor-act",
                 "metrics": {"threads": {"factor": 1.0, "floor": 0, "reason": "no thread may be added"}},
                 "thresholds": ["echo.*.p99_us<5000"]}
                """);
        Tolerances t = Tolerances.defaultsAnd(file);
        assertEquals(1.0, t.of(Metric.THREADS).factor());
        assertEquals("no thread may be added", t.of(Metric.THREADS).reason());
        assertEquals(Tolerances.defaults().of(Metric.P99_US), t.of(Metric.P99_US));
        assertEquals("proactor-act", t.referenceServer());
        assertEquals(1, t.thresholds().size());
    }

    @Test
    void anEntryWithoutAReasonIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("t.json"), """
                {"metrics": {"threads": {"factor": 1.0, "floor": 0}}}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tolerances.defaultsAnd(file));
        assertTrue(e.getMessage().contains("threads") && e.getMessage().contains("reason"), e.getMessage());
    }

    @Test
    void aCountWithARatioFactorOrAFactorBelowOneIsRefused() throws IOException {
        Path ratio = Files.writeString(dir.resolve("r.json"), """
                {"metrics": {"threads": {"factor": 1.1, "floor": 2, "ratio_factor": 2, "reason": "r"}}}
                """);
        assertThrows(IllegalArgumentException.class, () -> Tolerances.defaultsAnd(ratio));
        Path below = Files.writeString(dir.resolve("b.json"), """
                {"metrics": {"threads": {"factor": 0.5, "floor": 2, "reason": "r"}}}
                """);
        assertThrows(IllegalArgumentException.class, () -> Tolerances.defaultsAnd(below));
        Path unknown = Files.writeString(dir.resolve("u.json"), """
                {"metrics": {"latency": {"factor": 2, "floor": 2, "reason": "r"}}}
                """);
        assertThrows(IllegalArgumentException.class, () -> Tolerances.defaultsAnd(unknown));
    }

    @Test
    void aToleranceNeedsBothTheFactorAndTheFloorToBeExceeded() {
        Tolerance t = new Tolerance(1.5, 0.3, null, "r", Map.of());
        assertFalse(t.beyond(0.1, 0.3), "three times, but only 0.2 more");
        assertFalse(t.beyond(1.0, 1.4), "0.4 more, but only x1.4");
        assertTrue(t.beyond(1.0, 1.6));
    }
}
