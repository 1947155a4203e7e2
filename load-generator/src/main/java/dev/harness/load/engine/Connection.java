package dev.harness.load.engine;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One connection of an I/O thread: its channel, the bytes not yet written, its outstanding requests
 * (the ACT table) and its response decoder. Owned by one {@link IoLoop}; never touched by another thread.
 */
final class Connection {
    final int index;
    final SocketChannel channel;
    final PendingRequests pending;
    /** Output in fill mode: bytes [0, position) wait to be written. Holds at most {@code inflight} requests. */
    final ByteBuffer out;
    /** Slots whose requests were added to {@link #out} since the last flush: stamped when written. */
    final int[] unwritten;
    int unwrittenCount;
    SelectionKey key;
    /** Decodes bytes into completions; set by the loop (ACT or HTTP). */
    Decoder decoder;
    /** Bytes were added since the last flush. */
    boolean dirty;
    /** In the loop's list of connections to flush after this pass. */
    boolean queued;
    boolean writeInterest;
    boolean dead;

    interface Decoder {
        boolean decode(ByteBuffer in);
    }

    Connection(int index, SocketChannel channel, int inflight, int requestBytes) {
        this.index = index;
        this.channel = channel;
        this.pending = new PendingRequests(inflight);
        this.unwritten = new int[inflight];
        this.out = ByteBuffer.allocateDirect(Math.max(4096, inflight * requestBytes));
    }
}
