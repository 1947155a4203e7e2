package dev.harness.load.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ArrivalScheduleTest {

    private static int countBefore(ArrivalSchedule s, long endNanos) {
        int n = 0;
        while (s.nextOffsetNanos() < endNanos) {
            n++;
        }
        return n;
    }

    @Test
    void uniformGivesExactlyRateTimesDuration() {
        assertEquals(10_000, countBefore(ArrivalSchedule.uniform(10_000, 1, 0), 1_000_000_000L));
        assertEquals(30_000, countBefore(ArrivalSchedule.uniform(1_000, 1, 0), 30_000_000_000L));
        assertEquals(7, countBefore(ArrivalSchedule.uniform(3.5, 1, 0), 2_000_000_000L));
    }

    @Test
    void uniformThreadsInterleaveIntoOneSchedule() {
        int threads = 3;
        List<Long> merged = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ArrivalSchedule s = ArrivalSchedule.uniform(1000, threads, t);
            for (long o; (o = s.nextOffsetNanos()) < 100_000_000L; ) {
                merged.add(o);
            }
        }
        Collections.sort(merged);
        assertEquals(100, merged.size());
        for (int i = 0; i < merged.size(); i++) {
            assertEquals(i * 1_000_000L, merged.get(i), "request " + i);
        }
    }

    @Test
    void poissonCountIsNearRateAndSeeded() {
        // 100,000 expected arrivals: the standard deviation is sqrt(100000) = 316; allow 5 sigma
        int n = countBefore(ArrivalSchedule.poisson(10_000, 42), 10_000_000_000L);
        assertTrue(Math.abs(n - 100_000) < 1_600, "count " + n);
        assertEquals(n, countBefore(ArrivalSchedule.poisson(10_000, 42), 10_000_000_000L), "same seed, same schedule");
        ArrivalSchedule s = ArrivalSchedule.poisson(1000, 7);
        long previous = 0;
        int shortGaps = 0;
        for (int i = 0; i < 10_000; i++) {
            long o = s.nextOffsetNanos();
            assertTrue(o >= previous);
            if (o - previous < 1_000_000L) {
                shortGaps++;           // P(gap < mean) = 1 - 1/e = 0.632
            }
            previous = o;
        }
        assertTrue(Math.abs(shortGaps - 6321) < 300, "gaps shorter than the mean: " + shortGaps);
    }
}
