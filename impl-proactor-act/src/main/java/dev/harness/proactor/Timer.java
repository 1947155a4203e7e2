package dev.harness.proactor;

/**
 * A timer completion: scheduled with {@link Proactor#scheduleTimer}, it completes like any other
 * operation, through {@link Handler#handleTimeout}, carrying the act it was scheduled with. Because a
 * wait is a completion and not a blocked thread, WORK's wait and SUBSCRIBE's intervals cost a heap entry
 * each, not a thread.
 *
 * <p>{@link #cancel()} makes a timer that has not fired complete never; the entry leaves the heap when its
 * deadline comes (lazy removal: O(1) to cancel, O(log n) to expire). One small object per timer: timers
 * are not pooled, so a handler may keep a reference and cancel it at any time without hitting a reuse.
 */
public final class Timer extends AsynchResult {

    long deadlineNanos;
    long sequence;
    boolean cancelled;

    Timer() {
        super(Kind.TIMER);
    }

    /** When the timer fires, in {@link System#nanoTime()} terms. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** The timer will not complete; harmless after it has. */
    public void cancel() {
        cancelled = true;
    }

    int compareTo(Timer other) {
        int c = Long.compare(deadlineNanos - other.deadlineNanos, 0);
        return c != 0 ? c : Long.compare(sequence, other.sequence);
    }
}
