package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChildHeapTest {

    private static final long GIB = 1L << 30;

    @Test
    void oneGibibytePlusThreeKibibytesPerConnection() {
        ChildHeap heap = ChildHeap.forConnections(1_000_000, 24 * GIB, 0);
        assertEquals(1024 + 2930, heap.xmxMib(), "3 KiB x 1,000,000 = 2,929.7 MiB, rounded up");
        assertFalse(heap.capped());
        assertEquals("-Xmx3954m", heap.flag());
        assertTrue(heap.describe().startsWith("-Xmx3954m (1024 MiB + 3 KiB x 1,000,000 connections"), heap.describe());
    }

    @Test
    void cappedAtSeventyPercentOfMemoryAndSaysSo() {
        ChildHeap heap = ChildHeap.forConnections(10_000_000, 24 * GIB, 0);
        assertEquals(24 * 1024 * 70 / 100, heap.xmxMib());
        assertTrue(heap.capped());
        assertTrue(heap.describe().contains("capped at 17203 MiB = 70% of memory"), heap.describe());
        assertEquals(1024 + 29297, ChildHeap.forConnections(10_000_000, 0, 0).xmxMib(),
                "memory unknown: no cap; 3 KiB x 10,000,000 = 29,296.9 MiB, rounded up (no int overflow)");
    }

    @Test
    void leavesTheOperatingSystemAtLeastAFifthOfMemoryAtTenMillion() {
        long memory = 24 * GIB;
        ChildHeap heap = ChildHeap.forConnections(10_000_000, memory, memory);
        long jvmMib = heap.xmxMib() + heap.xmxMib() * ChildHeap.COLLECTOR_NATIVE_PERCENT / 100 + ChildHeap.JVM_NATIVE_MIB;
        assertTrue(jvmMib <= memory / (1 << 20) * 80 / 100, "heap, collector and JVM: " + jvmMib + " MiB");
    }

    @Test
    void leavesTheCollectorAndTheJvmRoomInWhatIsAvailable() {
        ChildHeap heap = ChildHeap.forConnections(10_000_000, 24 * GIB, 16 * GIB);
        assertEquals((16 * 1024 - 512) * 100 / 110, heap.xmxMib(), "16 GiB available, less 512 MiB, less a tenth of the heap");
        assertTrue(heap.capped());
        assertTrue(heap.describe().contains("16,384 MiB available less 512 MiB for the JVM and 10% of the heap for the"
                + " collector"), heap.describe());
        assertEquals(24 * 1024 * 70 / 100, ChildHeap.forConnections(10_000_000, 24 * GIB, 23 * GIB).xmxMib(),
                "with most of the memory available, 70% of it is the lower bound");
    }

    @Test
    void replacesTheHeapFlagsUnlessTheUserChoseThem() {
        List<String> flags = List.of("-Xms256m", "-Xmx2g", "-XX:+UseG1GC");
        assertEquals(List.of("-XX:+UseG1GC", "-Xmx1027m"), ChildHeap.forConnections(1_000, 24 * GIB, 20 * GIB).applyTo(flags, false));
        assertEquals(flags, ChildHeap.forConnections(1_000, 24 * GIB, 20 * GIB).applyTo(flags, true));
    }

    @Test
    void aCellJvmEndsAtItsFirstOutOfMemoryErrorUnlessTheUserSaidOtherwise() {
        assertEquals(List.of("-Xmx1g", "-XX:+ExitOnOutOfMemoryError"), ChildHeap.exitOnOutOfMemory(List.of("-Xmx1g")));
        List<String> crash = List.of("-XX:+CrashOnOutOfMemoryError");
        assertEquals(crash, ChildHeap.exitOnOutOfMemory(crash));
        List<String> off = List.of("-XX:-ExitOnOutOfMemoryError");
        assertEquals(off, ChildHeap.exitOnOutOfMemory(off));
    }

    @Test
    void theXmxAJvmObeysIsTheLast() {
        assertEquals("-Xmx20g", ChildHeap.xmxOf(List.of("-Xmx2g", "-XX:+UseG1GC", "-Xmx20g")));
        assertEquals(null, ChildHeap.xmxOf(List.of("-Xms256m")));
    }
}
