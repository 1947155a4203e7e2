package dev.harness.load.engine;

import java.nio.ByteBuffer;

/**
 * The bytes waiting to be written to one connection, lent by its loop's {@link Lender} from the moment a
 * request is queued until the channel has taken every byte, then returned for another connection to use.
 * Holds at most {@code inflight} requests, since a connection never has more outstanding.
 *
 * <p>Cost: {@code max(4096, inflight × request bytes)} bytes of direct memory and {@code inflight} ints; a
 * loop keeps a bounded number of free ones (see {@link Lender}).
 */
final class Outbox {
    /** In fill mode: bytes [0, position) wait to be written. */
    final ByteBuffer bytes;
    /** Slots whose requests were added since the last write: stamped with the time of that write. */
    final int[] unstamped;
    int unstampedCount;

    Outbox(int bytes, int inflight) {
        this.bytes = ByteBuffer.allocateDirect(bytes);
        this.unstamped = new int[inflight];
    }

    void clear() {
        bytes.clear();
        unstampedCount = 0;
    }
}
