package dev.harness.load.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class JsonTest {

    @Test
    void stringsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\nd\\te\\u0001\\u001f\u00e9\"\n", Json.write("a\"b\\c\nd\te\u0001\u001f\u00e9"));
    }

    @Test
    void valuesAndNesting() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", 3);
        m.put("d", 2.5);
        m.put("whole", 4.0);
        m.put("nan", Double.NaN);
        m.put("b", true);
        m.put("null", null);
        m.put("list", List.of(1, "x"));
        m.put("empty", Map.of());
        assertEquals("""
                {
                  "n": 3,
                  "d": 2.5,
                  "whole": 4,
                  "nan": null,
                  "b": true,
                  "null": null,
                  "list": [1, "x"],
                  "empty": {}
                }
                """, Json.write(m));
    }
}
