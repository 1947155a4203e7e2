package dev.harness.load.engine;

/**
 * The outstanding requests of one connection: a table of {@code capacity} slots, one per request in
 * flight. It is the connection's ACT table: a request's act is its slot index in the low 32 bits and the
 * slot's generation in the high 32 bits, so an answer finds its request in O(1) — no search, whatever
 * the number outstanding — and an act that is not outstanding is told apart as unknown (never issued
 * here) or stale (issued, but already answered or timed out).
 *
 * <p>It also keeps each request's send sequence number, to count answers that overtake an earlier
 * request (out of order) and to find the oldest request for in-order protocols (HTTP). Those two cost
 * O(capacity), which is the {@code inflight} setting, a small number. Not thread-safe: one I/O thread.
 */
public final class PendingRequests {

    /** {@link #lookup} result: the act was never issued on this connection. */
    public static final int UNKNOWN = -1;
    /** {@link #lookup} result: the act was issued, but is no longer outstanding. */
    public static final int STALE = -2;

    private final int capacity;
    private final long[] intendedNanos;
    private final long[] sentNanos;
    private final long[] sequence;
    private final int[] generation;
    private final boolean[] busy;
    private final boolean[] measured;
    private final int[] frames;
    private final int[] freeSlots;
    private int freeCount;
    private long nextSequence;

    public PendingRequests(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        this.capacity = capacity;
        intendedNanos = new long[capacity];
        sentNanos = new long[capacity];
        sequence = new long[capacity];
        generation = new int[capacity];
        busy = new boolean[capacity];
        measured = new boolean[capacity];
        frames = new int[capacity];
        freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++) {
            freeSlots[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }

    public int capacity() {
        return capacity;
    }

    public int outstanding() {
        return capacity - freeCount;
    }

    public boolean hasFreeSlot() {
        return freeCount > 0;
    }

    /**
     * Takes a free slot for a new request and returns its act.
     *
     * @throws IllegalStateException when all slots are outstanding
     */
    public long issue(long intended, long sent, boolean isMeasured) {
        if (freeCount == 0) {
            throw new IllegalStateException("all " + capacity + " slots are outstanding");
        }
        int slot = freeSlots[--freeCount];
        int gen = generation[slot] + 1;
        if (gen <= 0) {
            gen = 1;
        }
        generation[slot] = gen;
        busy[slot] = true;
        intendedNanos[slot] = intended;
        sentNanos[slot] = sent;
        sequence[slot] = nextSequence++;
        measured[slot] = isMeasured;
        frames[slot] = 0;
        return actOf(slot, gen);
    }

    public static long actOf(int slot, int gen) {
        return ((long) gen << 32) | (slot & 0xFFFFFFFFL);
    }

    /** The slot an act was issued in (whether or not it is still outstanding). */
    public static int slotOf(long act) {
        return (int) act;
    }

    /**
     * Sets the send time of {@code slot} to when its bytes were actually written; in closed loop, where a
     * request is intended to leave when it leaves, its intended time too.
     */
    public void markWritten(int slot, long writtenNanos, boolean closedLoop) {
        sentNanos[slot] = writtenNanos;
        if (closedLoop) {
            intendedNanos[slot] = writtenNanos;
        }
    }

    /** The slot of an outstanding act, or {@link #UNKNOWN} / {@link #STALE}. */
    public int lookup(long act) {
        long slotBits = act & 0xFFFFFFFFL;
        int gen = (int) (act >>> 32);
        if (slotBits >= capacity || gen <= 0) {
            return UNKNOWN;
        }
        int slot = (int) slotBits;
        if (busy[slot] && generation[slot] == gen) {
            return slot;
        }
        return gen <= generation[slot] ? STALE : UNKNOWN;
    }

    /** The outstanding slot sent first, or -1 when none is outstanding. */
    public int oldest() {
        int best = -1;
        for (int i = 0; i < capacity; i++) {
            if (busy[i] && (best < 0 || sequence[i] < sequence[best])) {
                best = i;
            }
        }
        return best;
    }

    /** Whether a request sent before the one in {@code slot} is still outstanding. */
    public boolean overtakes(int slot) {
        long seq = sequence[slot];
        for (int i = 0; i < capacity; i++) {
            if (busy[i] && sequence[i] < seq) {
                return true;
            }
        }
        return false;
    }

    public boolean isBusy(int slot) {
        return busy[slot];
    }

    public long intendedNanos(int slot) {
        return intendedNanos[slot];
    }

    public long sentNanos(int slot) {
        return sentNanos[slot];
    }

    public boolean measured(int slot) {
        return measured[slot];
    }

    /** Counts one more frame of a stream answer in {@code slot} and returns the count. */
    public int addFrame(int slot) {
        return ++frames[slot];
    }

    /** Frees {@code slot}; a later answer with its act is {@link #STALE}. */
    public void release(int slot) {
        if (!busy[slot]) {
            throw new IllegalStateException("slot " + slot + " is not outstanding");
        }
        busy[slot] = false;
        freeSlots[freeCount++] = slot;
    }
}
