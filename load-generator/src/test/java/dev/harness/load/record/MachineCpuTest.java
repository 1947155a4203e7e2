package dev.harness.load.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link MachineCpu}: the {@code cpu} line of /proc/stat read as busy and total ticks, cores counted. */
class MachineCpuTest {

    private static final String BEFORE = """
            cpu  100 10 50 800 40 5 5 0 7 0
            cpu0 50 5 25 400 20 3 2 0 7 0
            cpu1 50 5 25 400 20 2 3 0 0 0
            intr 12345
            ctxt 999
            """;
    private static final String AFTER = """
            cpu  250 10 100 900 40 10 10 0 9 0
            cpu0 125 5 50 450 20 5 5 0 9 0
            cpu1 125 5 50 450 20 5 5 0 0 0
            """;

    @Test
    void busyIsEveryStateButIdleAndIowaitAndGuestIsNotCountedTwice() {
        MachineCpu before = MachineCpu.parse(BEFORE);
        assertEquals(1010, before.totalTicks());
        assertEquals(1010 - 800 - 40, before.busyTicks());
        assertEquals(2, before.cores());
    }

    @Test
    void busyShareOverAWindow() {
        MachineCpu.Busy busy = MachineCpu.parse(AFTER).busySince(MachineCpu.parse(BEFORE));
        // total 1320 - 1010 = 310 ticks, of which idle 100: busy 210
        assertEquals(210.0 / 310, busy.cpuBusy(), 1e-9);
        assertEquals(2, busy.cores());
        assertEquals(0.677, busy.toJson().get("cpu_busy"));
    }

    @Test
    void noTicksInBetweenIsNoFigure() {
        assertNull(MachineCpu.parse(BEFORE).busySince(MachineCpu.parse(BEFORE)));
    }

    @Test
    void aTextWithoutTheCpuLineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> MachineCpu.parse("intr 1\n"));
    }

    @Test
    void thisMachineReadsWithinBounds() {
        MachineCpu now = MachineCpu.read();
        assertNotNull(now, "/proc/stat is readable on Linux");
        assertTrue(now.cores() >= 1 && now.busyTicks() <= now.totalTicks());
    }
}
