package dev.harness.cli.measure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JSON object at the edge where records meet files: typed reads of an object as {@link JsonReader} gives
 * it back (maps, lists, strings, {@link Long} or {@link Double} numbers, booleans, null), where a key that is
 * absent reads as null, like one that holds null; and {@link #objectOf}, an object to write with
 * {@code dev.harness.load.record.Json}.
 *
 * @param map the object, keys in file order
 */
public record JsonFields(Map<String, Object> map) {

    /**
     * An object to write: {@code keysAndValues} alternate a key (a string) and its value, in the order they
     * are to be written. Modifiable, so that a caller can add keys that are not always there.
     */
    public static Map<String, Object> objectOf(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("a key without a value: " + keysAndValues.length + " keys and values");
        }
        Map<String, Object> json = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("a key is not a string: " + keysAndValues[i]);
            }
            json.put(key, keysAndValues[i + 1]);
        }
        return json;
    }

    /** {@code value} as an object; null when it is not one (absent, null). */
    @SuppressWarnings("unchecked")
    public static JsonFields of(Object value) {
        return value instanceof Map<?, ?> m ? new JsonFields((Map<String, Object>) m) : null;
    }

    public boolean has(String key) {
        return map.containsKey(key);
    }

    /** The object under {@code key}; null when there is none. */
    public JsonFields object(String key) {
        return of(map.get(key));
    }

    /** The number under {@code key}, or at {@code key} and then the keys of {@code path} below it. */
    public Double number(String key, String... path) {
        Object value = map.get(key);
        for (String k : path) {
            value = value instanceof Map<?, ?> m ? m.get(k) : null;
        }
        return value instanceof Number n ? n.doubleValue() : null;
    }

    /** The whole number under {@code key}. */
    public Long whole(String key) {
        return map.get(key) instanceof Number n ? n.longValue() : null;
    }

    /** The whole number under {@code key}, which a writer wrote from an {@code int}. */
    public Integer integer(String key) {
        return map.get(key) instanceof Number n ? n.intValue() : null;
    }

    public String text(String key) {
        return map.get(key) instanceof String s ? s : null;
    }

    public Boolean flag(String key) {
        return map.get(key) instanceof Boolean b ? b : null;
    }

    /** The list of strings under {@code key}; empty when there is none. */
    public List<String> texts(String key) {
        return map.get(key) instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    /** The objects of the list under {@code key}; empty when there is none. */
    public List<JsonFields> objects(String key) {
        return map.get(key) instanceof List<?> list ? list.stream().map(JsonFields::of).toList() : List.of();
    }
}
