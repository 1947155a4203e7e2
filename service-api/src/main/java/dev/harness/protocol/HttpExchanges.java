package dev.harness.protocol;

/**
 * The ring of one connection's outstanding HTTP exchanges, oldest first, which puts answers back in request
 * order (RFC 9112 §9.3.2) whatever order the server completes them in.
 *
 * <p>Invariant: the bytes of the oldest exchange go straight to the connection's output; every later one
 * writes into its own {@link HttpExchange#held} buffer, which is moved to the output, in ring order, as soon
 * as every exchange before it is done. Sequence numbers are consecutive from 0, so an exchange is found by
 * its request's act in O(1).
 *
 * <p>Costs: the ring starts with two slots and doubles when it is full, up to the bound the codec keeps
 * ({@link HttpCodec#MAX_PIPELINED}); its exchanges and their held buffers are reused for every later
 * request, so a connection in a steady state allocates nothing here.
 */
final class HttpExchanges {

    private HttpExchange[] ring = new HttpExchange[2];
    private int first;
    private int count;
    private long nextSeq;

    /** Exchanges taken and not yet written out. */
    int size() {
        return count;
    }

    /** Takes the next exchange, in request order, for a request with these properties. */
    HttpExchange take(byte[] xAct, boolean headMethod, boolean http10, boolean close) {
        if (count == ring.length) {
            HttpExchange[] grown = new HttpExchange[ring.length * 2];
            for (int i = 0; i < count; i++) {
                grown[i] = ring[(first + i) % ring.length];
            }
            ring = grown;
            first = 0;
        }
        int slot = (first + count) % ring.length;
        HttpExchange exchange = ring[slot];
        if (exchange == null) {
            exchange = new HttpExchange();
            ring[slot] = exchange;
        }
        exchange.reset(nextSeq++);
        exchange.xAct = xAct;
        exchange.headMethod = headMethod;
        exchange.http10 = http10;
        exchange.close = close;
        count++;
        return exchange;
    }

    /** The outstanding exchange of sequence number {@code seq}, or null when it is answered or unknown. */
    HttpExchange find(long seq) {
        if (count == 0) {
            return null;
        }
        long index = seq - ring[first].seq;
        if (index < 0 || index >= count) {
            return null;
        }
        HttpExchange exchange = ring[(first + (int) index) % ring.length];
        return exchange.done ? null : exchange;
    }

    /** Bytes waiting in held buffers for their turn; looks at each outstanding exchange (at most {@link HttpCodec#MAX_PIPELINED}). */
    int heldBytes() {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            OutBuffer held = ring[(first + i) % ring.length].held;
            if (held != null) {
                bytes += held.readableBytes();
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, bytes);
    }

    /** Where an exchange's bytes go: the connection's output when it is first in line, else its own buffer. */
    OutBuffer target(HttpExchange exchange, OutBuffer out) {
        if (ring[first] == exchange) {
            return out;
        }
        if (exchange.held == null) {
            exchange.held = new OutBuffer(256);
        }
        return exchange.held;
    }

    /**
     * Marks an exchange answered and moves to {@code out}, in order, every answer that no longer waits.
     *
     * @return true when an answer that closes the connection was written: the exchanges after it are dropped
     */
    boolean complete(HttpExchange exchange, OutBuffer out) {
        exchange.done = true;
        while (count > 0) {
            HttpExchange head = ring[first];
            if (head.held != null) {
                out.putAll(head.held);
            }
            if (!head.done) {
                return false;
            }
            if (head.close) {
                count = 0;
                return true;
            }
            first = (first + 1) % ring.length;
            count--;
        }
        return false;
    }
}
