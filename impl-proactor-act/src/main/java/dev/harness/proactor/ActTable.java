package dev.harness.proactor;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The ACT repository for operations an initiator has outstanding on a service it does not trust to
 * return every token (POSA2, ACT implementation activity 2): the proactor's RELAY calls to its
 * downstream. A token is an index into this table plus the generation of that slot, so that
 *
 * <ul>
 *   <li>a completion finds its state in O(1), with no search, however many operations are outstanding;</li>
 *   <li>a <b>stale</b> token (its entry completed or expired, the slot perhaps reused since) and a
 *       <b>forged</b> one (any value this table did not hand out) are rejected: authentication;</li>
 *   <li>every entry has a deadline, and {@link #expire} reclaims entries whose answer never came, so a
 *       service that drops tokens cannot leak the initiator's memory;</li>
 *   <li>the table is bounded: {@link #add} on a full table returns {@link #NO_TOKEN} and the caller answers
 *       ERROR instead of growing.</li>
 * </ul>
 *
 * <p>Layout: token = {@code generation << 32 | index}. A slot's generation is odd while it is in use and
 * even while it is free, and it changes on every add and every removal, so a token stays valid exactly
 * from its {@code add} to its removal. Generations start at a random value per table, so a token from
 * another table (or another run) is no more likely to pass than a random one (about {@code live / 2^31}).
 * Deadlines are {@code now + timeout} with one timeout per table, so insertion order is deadline order:
 * live entries sit on a doubly linked list by index, and expiry pops from its head.
 *
 * <p>Costs: O(1) add, get, remove and per expired entry; per slot, a reference, a long deadline and four
 * ints (generation, two links, the free stack), all allocated once. Not thread-safe: one table per event
 * loop.
 *
 * @param <T> the state an ACT stands for
 */
public final class ActTable<T> {

    /** Never a valid token; returned by {@link #add} when the table is full. */
    public static final long NO_TOKEN = 0L;

    private static final int NIL = -1;

    private final Object[] states;
    private final int[] generations;
    private final long[] deadlines;
    private final int[] prev;
    private final int[] next;
    private final int[] freeStack;
    private final long timeoutNanos;
    private int freeTop;
    private int head = NIL;
    private int tail = NIL;
    private int size;

    /**
     * @param capacity     the most entries outstanding at once
     * @param timeoutNanos how long an entry may wait for its answer before {@link #expire} reclaims it
     */
    public ActTable(int capacity, long timeoutNanos) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
        }
        if (timeoutNanos < 0) {
            throw new IllegalArgumentException("timeoutNanos must be >= 0");
        }
        this.timeoutNanos = timeoutNanos;
        states = new Object[capacity];
        generations = new int[capacity];
        deadlines = new long[capacity];
        prev = new int[capacity];
        next = new int[capacity];
        freeStack = new int[capacity];
        SplittableRandom random = new SplittableRandom();
        for (int i = 0; i < capacity; i++) {
            generations[i] = random.nextInt() & ~1;
            freeStack[i] = capacity - 1 - i;
        }
        freeTop = capacity;
        Arrays.fill(prev, NIL);
        Arrays.fill(next, NIL);
    }

    /**
     * Stores {@code state} with deadline {@code nowNanos + timeout}.
     *
     * @return its token, or {@link #NO_TOKEN} when the table is full
     */
    public long add(T state, long nowNanos) {
        if (freeTop == 0) {
            return NO_TOKEN;
        }
        int index = freeStack[--freeTop];
        int generation = ++generations[index]; // even -> odd: in use
        states[index] = state;
        deadlines[index] = nowNanos + timeoutNanos;
        prev[index] = tail;
        next[index] = NIL;
        if (tail == NIL) {
            head = index;
        } else {
            next[tail] = index;
        }
        tail = index;
        size++;
        return token(generation, index);
    }

    /** The state of a live token, or null when the token is stale or forged. Leaves the entry in place. */
    @SuppressWarnings("unchecked")
    public T get(long token) {
        int index = validIndex(token);
        return index < 0 ? null : (T) states[index];
    }

    /** Removes a live token's entry and returns its state, or null when the token is stale or forged. */
    @SuppressWarnings("unchecked")
    public T remove(long token) {
        int index = validIndex(token);
        if (index < 0) {
            return null;
        }
        T state = (T) states[index];
        free(index);
        return state;
    }

    /**
     * Reclaims every entry whose deadline is at or before {@code nowNanos}, oldest first, handing each
     * state to {@code onExpired} after it has left the table (its token is already stale).
     *
     * @return how many entries were reclaimed
     */
    @SuppressWarnings("unchecked")
    public int expire(long nowNanos, Consumer<? super T> onExpired) {
        int reclaimed = 0;
        while (head != NIL && deadlines[head] - nowNanos <= 0) {
            int index = head;
            T state = (T) states[index];
            free(index);
            reclaimed++;
            onExpired.accept(state);
        }
        return reclaimed;
    }

    /** The earliest deadline of a live entry, or {@link Long#MAX_VALUE} when there is none. */
    public long nextDeadlineNanos() {
        return head == NIL ? Long.MAX_VALUE : deadlines[head];
    }

    /** Live entries. */
    public int size() {
        return size;
    }

    public int capacity() {
        return states.length;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Removes every entry, handing each state to {@code onRemoved}, oldest first. */
    @SuppressWarnings("unchecked")
    public void clear(Consumer<? super T> onRemoved) {
        while (head != NIL) {
            int index = head;
            T state = (T) states[index];
            free(index);
            onRemoved.accept(state);
        }
    }

    private int validIndex(long token) {
        long index = token & 0xFFFF_FFFFL;
        if (index >= states.length) {
            return -1;
        }
        int generation = (int) (token >>> 32);
        int i = (int) index;
        return (generation & 1) == 1 && generations[i] == generation ? i : -1;
    }

    private void free(int index) {
        generations[index]++; // odd -> even: free, and every token of this use is now stale
        states[index] = null;
        int p = prev[index];
        int n = next[index];
        if (p == NIL) {
            head = n;
        } else {
            next[p] = n;
        }
        if (n == NIL) {
            tail = p;
        } else {
            prev[n] = p;
        }
        prev[index] = NIL;
        next[index] = NIL;
        freeStack[freeTop++] = index;
        size--;
    }

    private static long token(int generation, int index) {
        return ((long) generation << 32) | (index & 0xFFFF_FFFFL);
    }
}
