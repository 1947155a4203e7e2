package dev.harness.bench;

import dev.harness.proactor.ActTable;
import java.util.HashMap;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How a completion finds the state of its operation, as the operations outstanding grow: claims 3 and 4 of
 * docs/design.md ("demultiplexes completions by ACT in O(1), whatever the number of outstanding operations";
 * "searching a table to match completions to requests degrades as outstanding operations grow; a pointer or
 * index ACT does not").
 *
 * <p>The Asynchronous Completion Token pattern (POSA2) names the force: "Searching a large table to associate
 * a completion event response with its original asynchronous operation request could thus degrade the
 * performance of management applications significantly", and the answer: ACTs "that are indices into a table
 * of completion handlers, or are simply direct pointers to completion handlers", so that "the ACT
 * demultiplexing step requires constant O(1) time". It also names the price of distrust: "if the initiator
 * cannot trust the service to return the original ACT unchanged, the explicit data structure can store
 * additional information to authenticate whether the returned ACT really exists within the initiator. This
 * authentication check, however, can increase the overhead of locating the ACT".
 *
 * <p>Five ways to go from what a completion carries to its operation's state, each one benchmark method:
 *
 * <ul>
 *   <li>{@link #pointerAct}: the completion carries a reference to the state (a pointer ACT; the proactor's
 *       {@code AsynchResult} is one);
 *   <li>{@link #indexAct}: it carries an {@link ActTable} token and {@link ActTable#get} checks the slot's
 *       generation (an index ACT with authentication, the proactor's RELAY table);
 *   <li>{@link #indexActUnchecked}: the same token's slot read from a plain array, no generation check: the
 *       difference with {@link #indexAct} is the cost of authentication;
 *   <li>{@link #requestIdHashMap}: it carries a request id, looked up in a {@code HashMap<Long, ...>};
 *   <li>{@link #requestIdTableSearch}: it carries a request id, found by scanning the table of outstanding
 *       ids.
 * </ul>
 *
 * <p>Why the comparison is fair:
 *
 * <ul>
 *   <li>Each method ends by reading a field of the state it found, so each pays for reaching the state's
 *       memory once, and returns it so that nothing is dead code.
 *   <li>Completions arrive in a random order, as they do from many connections: every outstanding operation
 *       completes once per pass, each pass a different precomputed permutation (fixed seed), so neither the
 *       caches nor the branch predictor see a sequence they can learn; at small N several passes are
 *       precomputed for that reason. Reading the next completion's key from that sequence is the same
 *       sequential read for every method.
 *   <li>The losers get their best case. The request ids are dense (consecutive longs), which spreads them
 *       perfectly over the HashMap's buckets; the map is sized so that it never resizes. The table search scans a
 *       {@code long[]} of ids (sequential, prefetched, no pointer chasing), the fastest linear search there
 *       is; it still reads half the table on average.
 *   <li>Only the lookup is timed, and the operations stay outstanding. Adding an entry when an operation
 *       is initiated and removing it when it completes are O(1) in every structure here, once the entry is
 *       found; finding it is what differs, and what this measures.
 * </ul>
 *
 * <p>Time: iterations are time-bounded (1 s), so the table search at 1,000,000 outstanding operations, far
 * slower per operation than the others, makes fewer operations per iteration, not a longer run. Building a
 * million states, the map and the permutations is untimed setup, once per fork.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ActDemultiplexing {

    /** The smallest completion sequence: several passes at small N, so that its order is not learnt. */
    static final int MIN_COMPLETIONS = 4096;
    /** Request ids start past the {@code Long.valueOf} cache, as real ones soon do. */
    static final long FIRST_REQUEST_ID = 1L << 32;

    /** The state of one outstanding operation: what its completion handler needs first. */
    public static final class OperationState {
        final long requestId;
        final int handlerTag;

        OperationState(long requestId, int handlerTag) {
            this.requestId = requestId;
            this.handlerTag = handlerTag;
        }
    }

    /**
     * N outstanding operations and the order their completions arrive in. Each subclass builds one way of
     * finding a state and the keys the completions carry, in completion order.
     */
    @State(Scope.Thread)
    public abstract static class Outstanding {

        @Param({"10", "1000", "100000", "1000000"})
        public int outstanding;

        /** States in the order they were initiated; state i has request id FIRST_REQUEST_ID + i. */
        OperationState[] states;
        /** The slot (initiation order) of each completion, in arrival order. */
        int[] completionSlots;
        private int cursor;

        @Setup(Level.Trial)
        public void initiate() {
            states = new OperationState[outstanding];
            for (int i = 0; i < outstanding; i++) {
                states[i] = new OperationState(FIRST_REQUEST_ID + i, i);
            }
            int passes = Math.max(1, (MIN_COMPLETIONS + outstanding - 1) / outstanding);
            completionSlots = new int[passes * outstanding];
            SplittableRandom random = new SplittableRandom(42);
            for (int pass = 0; pass < passes; pass++) {
                int from = pass * outstanding;
                for (int i = 0; i < outstanding; i++) {
                    completionSlots[from + i] = i;
                }
                for (int i = outstanding - 1; i > 0; i--) { // Fisher-Yates
                    int j = random.nextInt(i + 1);
                    int swap = completionSlots[from + i];
                    completionSlots[from + i] = completionSlots[from + j];
                    completionSlots[from + j] = swap;
                }
            }
            index();
        }

        /** Builds the structure a completion is demultiplexed through and the keys completions carry. */
        abstract void index();

        /** The position of the next completion in the arrival sequence. */
        final int nextCompletion() {
            int at = cursor;
            cursor = at + 1 == completionSlots.length ? 0 : at + 1;
            return at;
        }
    }

    /** Pointer ACTs: each completion carries a reference to its state. */
    public static class PointerActs extends Outstanding {
        OperationState[] acts;

        @Override
        void index() {
            acts = new OperationState[completionSlots.length];
            for (int i = 0; i < acts.length; i++) {
                acts[i] = states[completionSlots[i]];
            }
        }
    }

    /** Index ACTs: each completion carries an {@link ActTable} token; {@code slots} holds the same states by index. */
    public static class IndexActs extends Outstanding {
        ActTable<OperationState> table;
        OperationState[] slots;
        long[] tokens;

        @Override
        void index() {
            table = new ActTable<>(outstanding, TimeUnit.HOURS.toNanos(1));
            slots = new OperationState[outstanding];
            long[] tokenOfSlot = new long[outstanding];
            for (int i = 0; i < outstanding; i++) {
                long token = table.add(states[i], 0L);
                tokenOfSlot[i] = token;
                slots[(int) token] = states[i]; // the token's low 32 bits are its index
            }
            tokens = new long[completionSlots.length];
            for (int i = 0; i < tokens.length; i++) {
                tokens[i] = tokenOfSlot[completionSlots[i]];
            }
        }
    }

    /** Request ids: each completion carries its request's id, and the initiator looks it up. */
    public static class RequestIds extends Outstanding {
        HashMap<Long, OperationState> byId;
        /** The id of the state in each slot: the table the search scans. */
        long[] idOfSlot;
        long[] ids;

        @Override
        void index() {
            byId = HashMap.newHashMap(outstanding);
            idOfSlot = new long[outstanding];
            for (int i = 0; i < outstanding; i++) {
                byId.put(states[i].requestId, states[i]);
                idOfSlot[i] = states[i].requestId;
            }
            ids = new long[completionSlots.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = idOfSlot[completionSlots[i]];
            }
        }
    }

    @Benchmark
    public int pointerAct(PointerActs s) {
        return s.acts[s.nextCompletion()].handlerTag;
    }

    @Benchmark
    public int indexAct(IndexActs s) {
        return s.table.get(s.tokens[s.nextCompletion()]).handlerTag;
    }

    @Benchmark
    public int indexActUnchecked(IndexActs s) {
        return s.slots[(int) s.tokens[s.nextCompletion()]].handlerTag;
    }

    @Benchmark
    public int requestIdHashMap(RequestIds s) {
        return s.byId.get(s.ids[s.nextCompletion()]).handlerTag;
    }

    @Benchmark
    public int requestIdTableSearch(RequestIds s) {
        long id = s.ids[s.nextCompletion()];
        long[] table = s.idOfSlot;
        for (int slot = 0; slot < table.length; slot++) {
            if (table[slot] == id) {
                return s.states[slot].handlerTag;
            }
        }
        throw new IllegalStateException("no outstanding operation has request id " + id);
    }
}
