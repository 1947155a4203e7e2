package dev.harness.load.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.harness.load.client.Protocol;
import dev.harness.load.client.RequestTemplate;
import dev.harness.load.record.ThreadRecorders;
import org.junit.jupiter.api.Test;

/** A connection's ACT table is dropped when it has been quiet for a timeout scan, and only then. */
class InFlightTest {

    private static final long SECOND = 1_000_000_000L;

    private final LoopCounters counters = new LoopCounters();
    private final RunPlan plan = new RunPlan(new RequestTemplate(Protocol.ACT, new byte[0], (byte) 1, 0, 1, 0, 0),
            2, true, 0, 0, 10 * SECOND, SECOND, SECOND, 1 << 20);
    private final InFlight inFlight = new InFlight(null, plan, counters,
            new Censoring(new ThreadRecorders(), counters), 4);

    @Test
    void aConnectionQuietForAScanKeepsNoTableAndItsOldActsStayStale() {
        Connection c = new Connection(null, null);
        long first = inFlight.issue(c, 1, 1);
        inFlight.release(c, PendingRequests.slotOf(first));
        assertNotNull(c.pending, "kept until the scan");

        inFlight.releaseQuietTables();
        assertNull(c.pending);
        assertEquals(1, c.droppedGenerations());
        assertEquals(PendingRequests.STALE, PendingRequests.withoutTable(first, c.droppedGenerations(), plan.inflight()));

        long second = inFlight.issue(c, 2, 2);
        assertEquals(PendingRequests.actOf(0, 2), second, "the new table starts above the dropped one");
        assertEquals(PendingRequests.STALE, c.pending.lookup(first));
        assertEquals(0, c.pending.lookup(second));
    }

    @Test
    void aConnectionBusyAtTheScanKeepsItsTable() {
        Connection c = new Connection(null, null);
        long first = inFlight.issue(c, 1, 1);
        inFlight.release(c, PendingRequests.slotOf(first));
        inFlight.issue(c, 2, 2);                  // a closed loop sends again at once
        PendingRequests table = c.pending;

        inFlight.releaseQuietTables();
        assertSame(table, c.pending);
        assertEquals(1, table.outstanding());
        assertEquals(0, c.activeAt, "still in the array of connections with requests outstanding");
    }

    @Test
    void aConnectionIsQueuedOncePerScanHoweverOftenItGoesQuiet() {
        Connection c = new Connection(null, null);
        for (int i = 0; i < 3; i++) {
            inFlight.release(c, PendingRequests.slotOf(inFlight.issue(c, i, i)));
        }
        inFlight.releaseQuietTables();
        assertNull(c.pending);
        assertEquals(3, c.droppedGenerations());

        inFlight.release(c, PendingRequests.slotOf(inFlight.issue(c, 5, 5)));
        inFlight.releaseQuietTables();
        assertNull(c.pending, "queued again after the scan that dropped its table");
        assertEquals(4, c.droppedGenerations());
        inFlight.releaseQuietTables();
        assertNull(c.pending);
    }
}
