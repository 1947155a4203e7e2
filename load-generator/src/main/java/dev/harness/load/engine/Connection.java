package dev.harness.load.engine;

import dev.harness.load.client.ResponseDecoder;
import dev.harness.transport.Channel;
import dev.harness.transport.Key;
import java.net.InetAddress;

/**
 * One connection of an I/O thread: its channel and registration, its outstanding requests (the ACT table),
 * and what it borrows from the loop's {@link Lender} while it needs it. Owned by one {@link IoLoop}; never
 * touched by another thread. When the server closes it, {@link Reconnects} gives it a new channel (same
 * source address) and it carries on: the same object, in the same places of the loop's arrays.
 *
 * <p>Cost: an idle connection is this object (48 bytes with compressed references), its registration and its
 * entries in the loop's arrays; its ACT table exists while it has requests in flight and up to one timeout
 * scan after ({@link InFlight#releaseQuietTables}), and its output buffer and response decoder only while
 * bytes wait to be written or an answer is split across reads.
 */
final class Connection {
    /** Its current channel: a new one after each reconnect. */
    Channel channel;
    Key key;
    /** The local address its channels bind to, or null for the system's choice. */
    final InetAddress source;
    /** Its ACT table; null until its first request, and again once it has been quiet for a timeout scan. */
    PendingRequests pending;
    /** Bytes waiting to be written, borrowed from the {@link Lender}; null when none wait. */
    Outbox out;
    /** Borrowed from the {@link Lender} while an answer is split across reads; null between answers. */
    ResponseDecoder decoder;
    /**
     * While it has requests outstanding, its index in {@link InFlight}'s array of such connections (0 or more).
     * Otherwise negative: {@code -1 - g}, where {@code g} is the highest generation of the ACT tables it has
     * dropped ({@link #droppedGenerations}), 0 until it drops one. One field for both, since a connection
     * with requests outstanding has a table, which knows its generations, and so that this object stays 48 bytes.
     */
    int activeAt = -1;
    /** In the loop's list of connections to flush after this pass. */
    boolean queued;
    /** Registered for write readiness: bytes are left that the channel would not take. */
    boolean writeInterest;
    /** Open loop: in {@link OpenLoop}'s ring of connections with a free slot. */
    boolean inRing;
    /** Has carried at least one request. */
    boolean used;
    /** No usable channel: closed, and either being reconnected or lost for good. */
    boolean dead;
    /** An answer said {@code Connection: close}: nothing more is sent, and it closes after this read. */
    boolean closing;
    /** Its current channel has carried an answer: a close now is not a failed reconnect. */
    boolean answered;
    /**
     * Consecutive reconnects that failed (the connect failed, or the channel closed before any answer), at
     * most {@link Reconnects#MAX_FAILURES}. The rest of a reconnect's state is {@link Reconnects}' own, so
     * that an idle connection stays this small.
     */
    byte failures;

    Connection(Channel channel, InetAddress source) {
        this.channel = channel;
        this.source = source;
    }

    /**
     * The highest act generation of the ACT tables it has dropped, 0 when none: with no table, an act up to it
     * may have been issued here and is stale. Only while it has no requests outstanding.
     */
    int droppedGenerations() {
        return -1 - activeAt;
    }
}
