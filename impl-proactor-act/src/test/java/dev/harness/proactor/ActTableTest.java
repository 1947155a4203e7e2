package dev.harness.proactor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ACT table: O(1) lookup, and the pattern's liabilities handled — stale, forged, expired, full. */
@Timeout(10)
class ActTableTest {

    private static final long TIMEOUT = 1_000;

    @Test
    void aTokenFindsItsStateUntilRemoved() {
        ActTable<String> table = new ActTable<>(4, TIMEOUT);
        long a = table.add("a", 0);
        long b = table.add("b", 0);
        assertNotEquals(a, b);
        assertEquals("a", table.get(a));
        assertEquals("b", table.get(b));
        assertEquals("a", table.get(a), "get leaves the entry: one act, many answers");
        assertEquals(2, table.size());
        assertEquals("a", table.remove(a));
        assertNull(table.get(a));
        assertEquals(1, table.size());
    }

    @Test
    void aStaleTokenIsRejectedAfterItsSlotIsReused() {
        ActTable<String> table = new ActTable<>(1, TIMEOUT);
        long first = table.add("first", 0);
        assertEquals("first", table.remove(first));
        long second = table.add("second", 0);
        assertEquals(first & 0xFFFF_FFFFL, second & 0xFFFF_FFFFL, "one slot: the index is reused");
        assertNotEquals(first, second, "but the generation differs");
        assertNull(table.get(first), "the old token must not reach the new state");
        assertNull(table.remove(first));
        assertEquals("second", table.get(second));
    }

    @Test
    void forgedTokensAreRejected() {
        ActTable<String> table = new ActTable<>(64, TIMEOUT);
        Set<Long> issued = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            issued.add(table.add("s" + i, 0));
        }
        SplittableRandom random = new SplittableRandom(42);
        int accepted = 0;
        for (int i = 0; i < 100_000; i++) {
            long forged = random.nextLong();
            if (!issued.contains(forged) && table.get(forged) != null) {
                accepted++;
            }
        }
        // also forge with a valid index and a guessed generation: near-misses of real tokens
        for (long token : issued) {
            for (long delta = 1; delta <= 3; delta++) {
                if (table.get(token + (delta << 32)) != null || table.get(token - (delta << 32)) != null) {
                    accepted++;
                }
            }
        }
        assertEquals(0, accepted);
        assertNull(table.get(ActTable.NO_TOKEN));
        assertEquals(64, table.size(), "rejecting forged tokens changes nothing");
    }

    @Test
    void expiredEntriesAreReclaimedOldestFirstAndTheirTokensGoStale() {
        ActTable<String> table = new ActTable<>(4, TIMEOUT);
        long a = table.add("a", 0);      // deadline 1000
        long b = table.add("b", 500);    // deadline 1500
        long c = table.add("c", 900);    // deadline 1900
        assertEquals("b", table.remove(b), "an answered entry leaves before its deadline");
        assertEquals(1_000, table.nextDeadlineNanos());
        List<String> expired = new ArrayList<>();
        assertEquals(0, table.expire(999, expired::add));
        assertEquals(1, table.expire(1_000, expired::add));
        assertEquals(List.of("a"), expired);
        assertNull(table.get(a), "a late answer after reclaim is stale");
        assertEquals("c", table.get(c));
        assertEquals(1, table.expire(10_000, expired::add));
        assertEquals(List.of("a", "c"), expired);
        assertTrue(table.isEmpty());
        assertEquals(Long.MAX_VALUE, table.nextDeadlineNanos());
    }

    @Test
    void aFullTableRefusesInsteadOfGrowingAndRecoversWhenSlotsFree() {
        ActTable<String> table = new ActTable<>(3, TIMEOUT);
        long[] tokens = {table.add("1", 0), table.add("2", 0), table.add("3", 0)};
        assertEquals(ActTable.NO_TOKEN, table.add("4", 0));
        assertEquals(3, table.size());
        assertEquals(3, table.capacity());
        table.remove(tokens[1]);
        long again = table.add("4", 0);
        assertNotEquals(ActTable.NO_TOKEN, again);
        assertEquals("4", table.get(again));
        List<String> expired = new ArrayList<>();
        table.expire(Long.MAX_VALUE / 2, expired::add);
        assertEquals(List.of("1", "3", "4"), expired, "expiry order is insertion order");
        assertNotEquals(ActTable.NO_TOKEN, table.add("5", 0), "expired slots are free again");
    }

    @Test
    void clearHandsBackEveryState() {
        ActTable<Object> table = new ActTable<>(8, TIMEOUT);
        Object state = new Object();
        long token = table.add(state, 0);
        List<Object> removed = new ArrayList<>();
        table.clear(removed::add);
        assertEquals(1, removed.size());
        assertSame(state, removed.get(0));
        assertNull(table.get(token));
    }
}
