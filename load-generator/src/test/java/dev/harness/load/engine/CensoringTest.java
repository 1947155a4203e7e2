package dev.harness.load.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.harness.load.record.ThreadRecorders;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** {@link Censoring}: every unanswered request is recorded once, at the end of the drain minus its intended time. */
class CensoringTest {

    private final ThreadRecorders recorders = new ThreadRecorders();
    private final LoopCounters counters = new LoopCounters();
    private final Censoring censoring = new Censoring(recorders, counters);

    @Test
    void requestsLostBeforeTheEndAreRecordedAtItsTimeNotTheirs() {
        censoring.unanswered(1_000);
        censoring.unanswered(4_000);
        assertEquals(0, recorders.latency.getIntervalHistogram().getTotalCount(), "nothing recorded before the end");
        censoring.end(10_000);
        Histogram latency = recorders.latency.getIntervalHistogram();
        assertEquals(2, latency.getTotalCount());
        assertEquals(1, latency.getCountAtValue(9_000));
        assertEquals(1, latency.getCountAtValue(6_000));
        assertEquals(2, counters.unanswered);
    }

    @Test
    void requestsCountedAfterTheEndAreRecordedAtOnceFromTheEnd() {
        censoring.end(10_000);
        censoring.unanswered(7_000);
        censoring.unanswered(9_000);
        Histogram latency = recorders.latency.getIntervalHistogram();
        Histogram censored = recorders.censored.getIntervalHistogram();
        assertEquals(2, latency.getTotalCount());
        assertEquals(1, latency.getCountAtValue(3_000));
        assertEquals(1, latency.getCountAtValue(1_000));
        assertEquals(latency, censored, "every censored value is in both histograms");
        assertEquals(2, counters.unanswered);
    }

    @Test
    void aRequestIntendedAfterTheEndIsCensoredAtZeroNotBelow() {
        censoring.end(10_000);
        censoring.unanswered(12_000);
        assertEquals(1, recorders.censored.getIntervalHistogram().getCountAtValue(0));
    }
}
