package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link CpuPinning}: {@code --cpus server=LIST,generator=LIST} read as taskset lists, checked against the cores. */
class CpuPinningTest {

    @Test
    void eachSideGetsItsOwnList() {
        CpuPinning pinning = CpuPinning.parse("server=0,generator=1", 2);
        assertEquals(new CpuPinning("0", "1"), pinning);
        assertEquals(List.of("taskset", "-c", "0"), pinning.serverPrefix());
    }

    @Test
    void aListMayHoldRangesAndSeveralCores() {
        assertEquals(new CpuPinning("0-1,3", "2,4-5"), CpuPinning.parse("server=0-1,3,generator=2,4-5", 6));
    }

    @Test
    void aSideLeftOutRunsAnywhere() {
        CpuPinning pinning = CpuPinning.parse("generator=1", 2);
        assertEquals(new CpuPinning(null, "1"), pinning);
        assertEquals(List.of(), pinning.serverPrefix());
    }

    @Test
    void mistakesSayWhatIsExpected() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuPinning.parse("server=2", 2)).getMessage()
                .contains("core 2 does not exist: this machine has 2 (0 to 1)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuPinning.parse("client=0", 2)).getMessage()
                .contains("--cpus names server and generator"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuPinning.parse("0,1", 2)).getMessage()
                .contains("server=LIST,generator=LIST"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuPinning.parse("server=0,server=1", 2)).getMessage()
                .contains("twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> CpuPinning.parse("server=a", 2)).getMessage()
                .contains("server=LIST,generator=LIST"));
    }

    @Test
    void metaJsonRecordsBothSides() {
        assertEquals("{server=0, generator=null}", new CpuPinning("0", null).toJson().toString());
    }
}
