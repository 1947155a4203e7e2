package dev.harness.cli.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.load.record.Json;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reader gives back what the generator's JSON writer wrote: a mem cell's summary crosses a process that way. */
class JsonReaderTest {

    @Test
    void readsBackWhatTheWriterWrote() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("p99", 12.5);
        inner.put("count", 3L);
        inner.put("none", null);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("mode", "open loop \"quoted\" \\ tab\t newline\n é");
        summary.put("latency_us", inner);
        summary.put("flags", List.of("-Xmx2g", "-XX:+UseG1GC"));
        summary.put("empty", List.of());
        summary.put("nothing", Map.of());
        summary.put("partial", false);
        summary.put("big", 1_000_000_000_000L);
        summary.put("negative", -3L);
        summary.put("exp", 1.5e-7);
        assertEquals(summary, JsonReader.read(Json.write(summary)));
    }

    @Test
    void keepsTheOrderOfKeys() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String k : List.of("z", "a", "m")) {
            m.put(k, 1L);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> read = (Map<String, Object>) JsonReader.read(Json.write(m));
        assertEquals(List.of("z", "a", "m"), List.copyOf(read.keySet()));
    }

    @Test
    void badJsonIsAnErrorThatSaysWhere() {
        for (String bad : Arrays.asList("{", "{\"a\" 1}", "[1,]", "tru", "{\"a\":1} x", "\"open", "-")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.read(bad), bad);
            assertTrue(e.getMessage().startsWith("bad JSON at offset "), e.getMessage());
        }
    }
}
