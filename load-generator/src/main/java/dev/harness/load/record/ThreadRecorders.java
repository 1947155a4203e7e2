package dev.harness.load.record;

import org.HdrHistogram.SingleWriterRecorder;

/**
 * The recorders of one I/O thread, all in nanoseconds. Single writer (the I/O thread), one reader (the
 * {@link IntervalLog} thread); recording is wait-free and allocates nothing once the histograms have grown
 * to the range they need.
 */
public final class ThreadRecorders {
    /**
     * Completion − intended send time (open loop); completion − send (closed loop); for a measured request
     * never answered, its censored latency (end of the drain − intended send time).
     */
    public final SingleWriterRecorder latency = new SingleWriterRecorder(3);
    /** The censored latencies alone, also in {@link #latency}: latency less these is answered-only latency. */
    public final SingleWriterRecorder censored = new SingleWriterRecorder(3);
    /** Completion − actual send. */
    public final SingleWriterRecorder service = new SingleWriterRecorder(3);
    /** Actual send − intended send, every open-loop send. */
    public final SingleWriterRecorder lag = new SingleWriterRecorder(3);
    /**
     * Lag of sends that had a free connection at their intended time: lateness that is the generator's
     * own, not the server's back-pressure. Used for the saturation warning; not in the log.
     */
    public final SingleWriterRecorder ownLag = new SingleWriterRecorder(3);
}
