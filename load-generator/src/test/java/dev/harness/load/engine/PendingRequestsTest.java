package dev.harness.load.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PendingRequestsTest {

    @Test
    void actsFindTheirRequestAndNothingElse() {
        PendingRequests p = new PendingRequests(4);
        long a = p.issue(100, 110, true);
        long b = p.issue(200, 210, false);
        assertEquals(2, p.outstanding());
        int slotA = p.lookup(a);
        int slotB = p.lookup(b);
        assertTrue(slotA >= 0 && slotB >= 0 && slotA != slotB);
        assertEquals(100, p.intendedNanos(slotA));
        assertEquals(210, p.sentNanos(slotB));
        assertTrue(p.measured(slotA));
        assertFalse(p.measured(slotB));
        assertEquals(PendingRequests.UNKNOWN, p.lookup(0), "act 0 is never issued");
        assertEquals(PendingRequests.UNKNOWN, p.lookup(PendingRequests.actOf(99, 1)), "slot out of range");
        assertEquals(PendingRequests.UNKNOWN, p.lookup(PendingRequests.actOf(slotA, 1000)), "future generation");
        p.release(slotA);
        assertEquals(PendingRequests.STALE, p.lookup(a), "answered already");
        long c = p.issue(300, 310, true);
        assertEquals(PendingRequests.STALE, p.lookup(a), "same slot, older generation");
        assertTrue(p.lookup(c) >= 0);
    }

    @Test
    void outOfOrderAndOldest() {
        PendingRequests p = new PendingRequests(3);
        long first = p.issue(0, 0, true);
        long second = p.issue(0, 0, true);
        long third = p.issue(0, 0, true);
        assertFalse(p.hasFreeSlot());
        assertThrows(IllegalStateException.class, () -> p.issue(0, 0, true));
        assertEquals(p.lookup(first), p.oldest());
        assertTrue(p.overtakes(p.lookup(third)));
        assertFalse(p.overtakes(p.lookup(first)));
        p.release(p.lookup(second));
        p.release(p.lookup(first));
        assertFalse(p.overtakes(p.lookup(third)));
        assertEquals(p.lookup(third), p.oldest());
        p.release(p.lookup(third));
        assertEquals(-1, p.oldest());
        assertThrows(IllegalStateException.class, () -> p.release(0));
    }

    @Test
    void theTableGrowsOnlyWhenEverySlotIsOutstanding() {
        PendingRequests p = new PendingRequests(5);
        assertEquals(1, p.slots(), "one slot until a second request is in flight");
        long first = p.issue(0, 0, true);
        p.release(p.lookup(first));
        long again = p.issue(0, 0, true);
        assertEquals(1, p.slots(), "a freed slot is reused");
        assertEquals(PendingRequests.STALE, p.lookup(first));
        p.issue(0, 0, true);
        assertEquals(2, p.slots());
        p.issue(0, 0, true);
        assertEquals(4, p.slots());
        p.issue(0, 0, true);
        p.issue(0, 0, true);
        assertEquals(5, p.slots(), "never beyond the capacity");
        assertFalse(p.hasFreeSlot());
        assertEquals(p.lookup(again), p.oldest(), "the oldest survives growth");
        assertEquals(5, p.outstanding());
    }

    @Test
    void aTableThatFollowsADroppedOneIssuesOnlyNewerGenerations() {
        PendingRequests first = new PendingRequests(4);
        long a = first.issue(0, 0, true);
        long b = first.issue(0, 0, true);
        first.release(first.lookup(a));
        long c = first.issue(0, 0, true);
        first.release(first.lookup(b));
        first.release(first.lookup(c));
        assertEquals(2, first.highestGeneration(), "slot 0 was issued twice, slot 1 once");

        PendingRequests next = new PendingRequests(4, first.highestGeneration());
        assertEquals(PendingRequests.STALE, next.lookup(a), "an act of the dropped table in a slot this one has");
        assertEquals(PendingRequests.STALE, next.lookup(b), "an act of the dropped table in a slot this one lacks");
        long d = next.issue(0, 0, true);
        assertEquals(PendingRequests.actOf(0, 3), d, "above every generation of the dropped table");
        assertEquals(PendingRequests.actOf(1, 3), next.issue(0, 0, true), "a slot made by growth starts at the base too");
        assertEquals(PendingRequests.actOf(2, 3), next.issue(0, 0, true));
        assertEquals(PendingRequests.STALE, next.lookup(c));
        assertEquals(PendingRequests.UNKNOWN, next.lookup(PendingRequests.actOf(0, 9)), "a future generation");
        assertEquals(3, next.highestGeneration());
    }

    @Test
    void withoutATableAnActIsStaleOnlyIfAnEarlierTableCouldHaveIssuedIt() {
        assertEquals(PendingRequests.UNKNOWN, PendingRequests.withoutTable(PendingRequests.actOf(0, 1), 0, 2),
                "a connection that never had a table issued nothing");
        assertEquals(PendingRequests.STALE, PendingRequests.withoutTable(PendingRequests.actOf(1, 5), 5, 2));
        assertEquals(PendingRequests.UNKNOWN, PendingRequests.withoutTable(PendingRequests.actOf(2, 5), 5, 2),
                "a slot at or above the capacity was never issued");
        assertEquals(PendingRequests.UNKNOWN, PendingRequests.withoutTable(PendingRequests.actOf(0, 6), 5, 2));
        assertEquals(PendingRequests.UNKNOWN, PendingRequests.withoutTable(0, 5, 2), "act 0 is never issued");
    }
}
