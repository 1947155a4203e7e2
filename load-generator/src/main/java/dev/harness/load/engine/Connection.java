package dev.harness.load.engine;

import dev.harness.load.client.ResponseDecoder;
import dev.harness.transport.Channel;
import dev.harness.transport.Key;

/**
 * One connection of an I/O thread: its channel and registration, its outstanding requests (the ACT table),
 * and what it borrows from the loop's {@link Lender} while it needs it. Owned by one {@link IoLoop}; never
 * touched by another thread.
 *
 * <p>Cost: an idle connection is this object, its registration and its entries in the loop's arrays; its
 * ACT table exists from its first request on, and its output buffer and response decoder only while bytes
 * wait to be written or an answer is split across reads.
 */
final class Connection {
    final Channel channel;
    Key key;
    /** Its ACT table; null until its first request. */
    PendingRequests pending;
    /** Bytes waiting to be written, borrowed from the {@link Lender}; null when none wait. */
    Outbox out;
    /** Borrowed from the {@link Lender} while an answer is split across reads; null between answers. */
    ResponseDecoder decoder;
    /** Its index in {@link InFlight}'s array of connections with requests outstanding, or -1. */
    int activeAt = -1;
    /** In the loop's list of connections to flush after this pass. */
    boolean queued;
    /** Registered for write readiness: bytes are left that the channel would not take. */
    boolean writeInterest;
    /** Open loop: in {@link OpenLoop}'s ring of connections with a free slot. */
    boolean inRing;
    /** Has carried at least one request. */
    boolean used;
    boolean dead;

    Connection(Channel channel) {
        this.channel = channel;
    }
}
