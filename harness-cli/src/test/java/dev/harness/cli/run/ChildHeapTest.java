package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChildHeapTest {

    private static final long GIB = 1L << 30;

    @Test
    void oneGibibytePlusEightKibibytesPerConnection() {
        ChildHeap heap = ChildHeap.forConnections(1_000_000, 24 * GIB, 0);
        assertEquals(1024 + 7813, heap.xmxMib(), "8 KiB x 1,000,000 = 7,812.5 MiB, rounded up");
        assertFalse(heap.capped());
        assertEquals("-Xmx8837m", heap.flag());
        assertTrue(heap.describe().startsWith("-Xmx8837m (1024 MiB + 8 KiB x 1,000,000 connections"), heap.describe());
    }

    @Test
    void cappedAtThreeQuartersOfMemoryAndSaysSo() {
        ChildHeap heap = ChildHeap.forConnections(4_000_000, 24 * GIB, 0);
        assertEquals(24 * 1024 * 3 / 4, heap.xmxMib());
        assertTrue(heap.capped());
        assertTrue(heap.describe().contains("capped at 18432 MiB = 75% of memory"), heap.describe());
        assertEquals(1024 + 8 * 1024 * 4_000_000L / (1 << 20), ChildHeap.forConnections(4_000_000, 0, 0).xmxMib(),
                "memory unknown: no cap");
    }

    @Test
    void leavesTheCollectorAndTheJvmRoomInWhatIsAvailable() {
        ChildHeap heap = ChildHeap.forConnections(10_000_000, 24 * GIB, 16 * GIB);
        assertEquals((16 * 1024 - 512) * 100 / 110, heap.xmxMib(), "16 GiB available, less 512 MiB, less a tenth of the heap");
        assertTrue(heap.capped());
        assertTrue(heap.describe().contains("16,384 MiB available less 512 MiB for the JVM and 10% of the heap for the"
                + " collector"), heap.describe());
        assertEquals(24 * 1024 * 3 / 4, ChildHeap.forConnections(10_000_000, 24 * GIB, 23 * GIB).xmxMib(),
                "with most of the memory available, three quarters of it is the lower bound");
    }

    @Test
    void replacesTheHeapFlagsUnlessTheUserChoseThem() {
        List<String> flags = List.of("-Xms256m", "-Xmx2g", "-XX:+UseG1GC");
        assertEquals(List.of("-XX:+UseG1GC", "-Xmx1032m"), ChildHeap.forConnections(1_000, 24 * GIB, 20 * GIB).applyTo(flags, false));
        assertEquals(flags, ChildHeap.forConnections(1_000, 24 * GIB, 20 * GIB).applyTo(flags, true));
    }
}
