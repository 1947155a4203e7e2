package dev.harness.cli.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class PerfProbeTest {

    @Test
    void readsTheCountOfPerfStatCsvOutput() {
        assertEquals(OptionalLong.of(3428922), PerfProbe.parse(List.of(
                "# started on Mon Nov 23 14:03:56 2026", "", "3428922,,context-switches,3428922,100.00,,")));
    }

    @Test
    void aCounterPerfCannotReadIsNoCount() {
        assertEquals(OptionalLong.empty(), PerfProbe.parse(List.of("<not supported>,,context-switches,0,100.00,,")));
        assertEquals(OptionalLong.empty(), PerfProbe.parse(List.of("# started on ...")));
    }
}
