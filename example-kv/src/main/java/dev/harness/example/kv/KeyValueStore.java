package dev.harness.example.kv;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The data the key-value service keeps in memory, shared by every connection of every model: a cache of
 * at most {@link #CAPACITY} values over a key space of {@link #KEYS}, so that in steady state about
 * {@code 1 - CAPACITY / KEYS} of uniformly spread lookups miss and go to the {@link SlowBackend}. Over
 * capacity an arbitrary entry is evicted (a concurrent map's first key), which keeps the miss ratio near
 * that figure without a lock.
 *
 * <p>Thread-safe without locks: the thread models call it from many connection threads at once, the
 * proactor from every event loop and from its pool of blocking threads.
 */
final class KeyValueStore {

    /** Distinct keys the load spreads over. */
    static final int KEYS = 10_000;
    /** Values kept: 80 % of the keys, so that about one lookup in five misses once the cache is full. */
    static final int CAPACITY = 8_000;

    private static final KeyValueStore SHARED = new KeyValueStore();

    private final ConcurrentHashMap<Long, byte[]> values = new ConcurrentHashMap<>();

    /** The one store of this server's JVM: the handlers of all connections share it. */
    static KeyValueStore shared() {
        return SHARED;
    }

    /** The value of {@code key}, or null on a miss. */
    byte[] get(long key) {
        return values.get(key);
    }

    /** Keeps {@code value} under {@code key}, evicting an arbitrary entry when over capacity. */
    void put(long key, byte[] value) {
        values.put(key, value);
        if (values.size() > CAPACITY) {
            Iterator<Long> any = values.keySet().iterator();
            if (any.hasNext()) {
                values.remove(any.next());
            }
        }
    }
}
