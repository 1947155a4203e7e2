package dev.harness.probe;

import java.util.HashMap;
import java.util.Map;

/**
 * A process's live threads at one reading, by thread id, with each one's voluntary and involuntary context
 * switches ({@code /proc/PID/task/TID/status}). Two tables give a window's context switches thread by thread
 * ({@link #since}): a thread alive at both readings counts its difference, a thread started in between counts
 * all it did, and a thread that ended in between counts nothing — its counts left with it, so only its
 * in-window part is ever counted, never its whole lifetime subtracted (a plain difference of two sums would
 * subtract every count the thread had at the first reading). The threads started and ended are reported, so
 * a reader knows how much was unseen. Costs a map entry per thread.
 */
public final class ThreadTable {

    /** One thread's counts at a reading. */
    private record Counts(long voluntary, long involuntary) {
    }

    /**
     * A window's context switches, thread by thread.
     *
     * @param voluntary      voluntary switches of the threads alive at the window's end
     * @param involuntary    involuntary switches of the same
     * @param threadsStarted threads alive at the end and not at the start
     * @param threadsEnded   threads alive at the start and not at the end: their switches in the window are unseen
     */
    public record Window(long voluntary, long involuntary, int threadsStarted, int threadsEnded) {
    }

    private final Map<Long, Counts> byId = new HashMap<>();

    /** Adds thread {@code tid} with its counts at this reading. */
    public void put(long tid, long voluntary, long involuntary) {
        byId.put(tid, new Counts(voluntary, involuntary));
    }

    /** Threads in this reading. */
    public int threads() {
        return byId.size();
    }

    /** Voluntary switches summed over this reading's threads. */
    public long voluntary() {
        return byId.values().stream().mapToLong(Counts::voluntary).sum();
    }

    /** Involuntary switches summed over this reading's threads. */
    public long involuntary() {
        return byId.values().stream().mapToLong(Counts::involuntary).sum();
    }

    /** The context switches from {@code earlier} to this reading, thread by thread (see the class comment). */
    public Window since(ThreadTable earlier) {
        long voluntary = 0;
        long involuntary = 0;
        int started = 0;
        for (Map.Entry<Long, Counts> now : byId.entrySet()) {
            Counts before = earlier.byId.get(now.getKey());
            if (before == null) {
                started++;
            }
            voluntary += now.getValue().voluntary() - (before == null ? 0 : before.voluntary());
            involuntary += now.getValue().involuntary() - (before == null ? 0 : before.involuntary());
        }
        int ended = 0;
        for (Long id : earlier.byId.keySet()) {
            if (!byId.containsKey(id)) {
                ended++;
            }
        }
        return new Window(voluntary, involuntary, started, ended);
    }
}
