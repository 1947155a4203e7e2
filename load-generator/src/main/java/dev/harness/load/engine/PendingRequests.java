package dev.harness.load.engine;

import java.util.Arrays;

/**
 * The outstanding requests of one connection: a table of slots, one per request in flight, at most
 * {@code capacity} (the {@code inflight} setting). It is the connection's ACT table: a request's act is its
 * slot index in the low 32 bits and the slot's generation in the high 32 bits, so an answer finds its
 * request in O(1) — no search, whatever the number outstanding — and an act that is not outstanding is told
 * apart as unknown (never issued here) or stale (issued, but already answered or timed out).
 *
 * <p>It also keeps each request's send sequence number, to count answers that overtake an earlier
 * request (out of order) and to find the oldest request for in-order protocols (HTTP). Those two cost
 * O(slots), at most {@code inflight}, a small number. Not thread-safe: one I/O thread.
 *
 * <p>Memory: the table starts with one slot and doubles, up to {@code capacity}, only when every slot it has
 * is outstanding, so it is sized by the requests a connection actually had in flight, not by the limit. A
 * slot is four longs in one array (intended time, send time, sequence and flags, generation and frame
 * count). A connection with nothing in flight may drop its table ({@link InFlight#releaseQuietTables}); the
 * table made after it starts every slot's generation at {@link #highestGeneration()} of the one dropped, so
 * an act issued before is still told stale, never taken for a new request's.
 */
public final class PendingRequests {

    /** {@link #lookup} result: the act was never issued on this connection. */
    public static final int UNKNOWN = -1;
    /** {@link #lookup} result: the act was issued, but is no longer outstanding. */
    public static final int STALE = -2;

    private static final int STRIDE = 4;
    private static final int INTENDED = 0;
    private static final int SENT = 1;
    /** {@code sequence << 2 | BUSY | MEASURED}. */
    private static final int STATE = 2;
    /** {@code generation << 32 | frames}. */
    private static final int GENERATION = 3;
    private static final long BUSY = 2;
    private static final long MEASURED = 1;

    /** In {@link InFlight}'s list of tables to drop at the next timeout scan if they are still empty. */
    boolean quietQueued;
    private final int capacity;
    /** Every slot's generation before its first request here: the highest of the tables before this one. */
    private final int generationBase;
    private long[] table;
    private int[] freeSlots;
    private int freeCount;
    private long nextSequence;

    public PendingRequests(int capacity) {
        this(capacity, 0);
    }

    /**
     * A table whose acts all have a generation above {@code generationBase}, the
     * {@link #highestGeneration()} of the connection's previous table (0 for its first).
     */
    public PendingRequests(int capacity, int generationBase) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        if (generationBase < 0) {
            throw new IllegalArgumentException("generationBase must be >= 0, got " + generationBase);
        }
        this.capacity = capacity;
        this.generationBase = generationBase;
        table = new long[STRIDE];
        table[GENERATION] = (long) generationBase << 32;
        freeSlots = new int[] {0};
        freeCount = 1;
    }

    /** The most requests it holds at once. */
    public int capacity() {
        return capacity;
    }

    /** The slots allocated so far: every act ever issued here names one of {@code 0 .. slots() - 1}. */
    public int slots() {
        return freeSlots.length;
    }

    public int outstanding() {
        return slots() - freeCount;
    }

    public boolean hasFreeSlot() {
        return freeCount > 0 || slots() < capacity;
    }

    /**
     * Takes a free slot for a new request and returns its act.
     *
     * @throws IllegalStateException when all slots are outstanding
     */
    public long issue(long intended, long sent, boolean isMeasured) {
        if (freeCount == 0) {
            grow();
        }
        int slot = freeSlots[--freeCount];
        int base = slot * STRIDE;
        int gen = (int) (table[base + GENERATION] >>> 32) + 1;
        if (gen <= 0) {
            gen = 1;
        }
        table[base + GENERATION] = (long) gen << 32;
        table[base + STATE] = nextSequence++ << 2 | BUSY | (isMeasured ? MEASURED : 0);
        table[base + INTENDED] = intended;
        table[base + SENT] = sent;
        return actOf(slot, gen);
    }

    private void grow() {
        int old = slots();
        if (old == capacity) {
            throw new IllegalStateException("all " + capacity + " slots are outstanding");
        }
        int grown = (int) Math.min(capacity, 2L * old);
        table = Arrays.copyOf(table, grown * STRIDE);
        freeSlots = new int[grown];
        for (int slot = grown - 1; slot >= old; slot--) {
            table[slot * STRIDE + GENERATION] = (long) generationBase << 32;
            freeSlots[freeCount++] = slot;      // the lowest new slot is taken first
        }
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
        table[slot * STRIDE + SENT] = writtenNanos;
        if (closedLoop) {
            table[slot * STRIDE + INTENDED] = writtenNanos;
        }
    }

    /** The slot of an outstanding act, or {@link #UNKNOWN} / {@link #STALE}. */
    public int lookup(long act) {
        long slotBits = act & 0xFFFFFFFFL;
        if (slotBits >= slots()) {
            return withoutTable(act, generationBase, capacity);
        }
        int gen = (int) (act >>> 32);
        if (gen <= 0) {
            return UNKNOWN;
        }
        int slot = (int) slotBits;
        int current = generation(slot);
        if (isBusy(slot) && current == gen) {
            return slot;
        }
        return gen <= current ? STALE : UNKNOWN;
    }

    /**
     * What {@link #lookup} says of an act that names no slot of the table: {@link #STALE} when an earlier
     * table, whose highest generation was {@code generationBase}, may have issued it (a slot below the
     * capacity and a generation up to that), otherwise {@link #UNKNOWN}. For a connection that has no table
     * now, pass its last table's highest generation, or 0 when it never had one.
     */
    public static int withoutTable(long act, int generationBase, int capacity) {
        int gen = (int) (act >>> 32);
        boolean mayHaveBeenIssued = (act & 0xFFFFFFFFL) < capacity && gen > 0 && gen <= generationBase;
        return mayHaveBeenIssued ? STALE : UNKNOWN;
    }

    /** The highest generation of any slot: the base of a table that replaces this one. */
    public int highestGeneration() {
        int highest = generationBase;
        for (int slot = 0; slot < slots(); slot++) {
            highest = Math.max(highest, generation(slot));
        }
        return highest;
    }

    private int generation(int slot) {
        return (int) (table[slot * STRIDE + GENERATION] >>> 32);
    }

    private long sequence(int slot) {
        return table[slot * STRIDE + STATE] >>> 2;
    }

    /** The outstanding slot sent first, or -1 when none is outstanding. */
    public int oldest() {
        int best = -1;
        for (int i = 0; i < slots(); i++) {
            if (isBusy(i) && (best < 0 || sequence(i) < sequence(best))) {
                best = i;
            }
        }
        return best;
    }

    /** Whether a request sent before the one in {@code slot} is still outstanding. */
    public boolean overtakes(int slot) {
        long seq = sequence(slot);
        for (int i = 0; i < slots(); i++) {
            if (isBusy(i) && sequence(i) < seq) {
                return true;
            }
        }
        return false;
    }

    public boolean isBusy(int slot) {
        return (table[slot * STRIDE + STATE] & BUSY) != 0;
    }

    public long intendedNanos(int slot) {
        return table[slot * STRIDE + INTENDED];
    }

    public long sentNanos(int slot) {
        return table[slot * STRIDE + SENT];
    }

    public boolean measured(int slot) {
        return (table[slot * STRIDE + STATE] & MEASURED) != 0;
    }

    /** Counts one more frame of a stream answer in {@code slot} and returns the count. */
    public int addFrame(int slot) {
        return (int) ++table[slot * STRIDE + GENERATION];
    }

    /** Frees {@code slot}; a later answer with its act is {@link #STALE}. */
    public void release(int slot) {
        if (slot < 0 || slot >= slots() || !isBusy(slot)) {
            throw new IllegalStateException("slot " + slot + " is not outstanding");
        }
        table[slot * STRIDE + STATE] &= ~BUSY;
        freeSlots[freeCount++] = slot;
    }
}
