package dev.harness.example.kv;

import java.time.Duration;
import java.util.Arrays;

/**
 * The slow system of record behind the cache, reached through a blocking client, as a JDBC driver or a
 * legacy library would be: {@link #fetch} blocks its calling thread for {@link #LATENCY} and returns the
 * value. Code like this is why a handler needs {@code Session.blocking}: called on a proactor's event loop
 * it would stop every connection of that loop for the whole call.
 */
final class SlowBackend {

    /** How long one fetch blocks: 5 ms, a query to a database on another host. */
    static final Duration LATENCY = Duration.ofMillis(5);

    private SlowBackend() {
    }

    /**
     * The value of {@code key}, {@code size} bytes long; blocks the calling thread for {@link #LATENCY}.
     *
     * @throws InterruptedException when the server shuts down during the call
     */
    static byte[] fetch(long key, int size) throws InterruptedException {
        Thread.sleep(LATENCY);
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) ('a' + Math.floorMod(key, 26)));
        return value;
    }
}
