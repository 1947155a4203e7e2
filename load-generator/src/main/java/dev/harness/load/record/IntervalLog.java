package dev.harness.load.record;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The interval log: a thread ({@code load-log}) that once a second takes the interval histogram of every
 * I/O thread's recorders, adds them up per tag, appends them to an in-memory {@code HistogramLogWriter}
 * log (tags {@code latency}, {@code censored}, {@code service}, {@code lag}, {@code connect}, {@code own_lag}) and into run
 * totals, then calls a tick callback (progress lines). {@code censored} holds the censored latencies of
 * requests never answered, which {@code latency} holds too: {@code latency} less {@code censored} is
 * answered-only latency. The log is kept in memory so that the result can be written anywhere,
 * atomically, even after an interrupted run; a one-hour run keeps a few megabytes.
 *
 * <p>{@link #close()} stops the thread and takes a last interval, so the totals hold every value recorded.
 */
public final class IntervalLog implements AutoCloseable {

    public static final String LATENCY = "latency";
    public static final String CENSORED = "censored";
    public static final String SERVICE = "service";
    public static final String LAG = "lag";
    public static final String CONNECT = "connect";
    /** The lag of the sends that had a free connection: the generator's own ({@code lag_us.own_p99}). */
    public static final String OWN_LAG = "own_lag";

    private final List<ThreadRecorders> threads;
    private final SingleWriterRecorder connect;
    private final long intervalNanos;
    private final long phaseNanos;
    private final Consumer<IntervalLog> onTick;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final HistogramLogWriter writer;
    private final Thread thread;
    private final Object lock = new Object();
    private volatile boolean closed;
    private long lastTickMillis;

    private final Histogram latencyTotal = new Histogram(3);
    private final Histogram censoredTotal = new Histogram(3);
    private final Histogram serviceTotal = new Histogram(3);
    private final Histogram lagTotal = new Histogram(3);
    private final Histogram ownLagTotal = new Histogram(3);
    private final Histogram connectTotal = new Histogram(3);
    private volatile long lastIntervalCount;
    private volatile double lastIntervalSeconds = 1;

    /**
     * @param phaseNanos a {@link System#nanoTime()} reading on which an interval boundary falls: generators started
     *                   together ({@code --start-at}) give their common start, so that their intervals line up and
     *                   add ({@code harness merge}); the first interval is shorter when it is not a whole one
     */
    public IntervalLog(List<ThreadRecorders> threads, SingleWriterRecorder connect, long intervalNanos, long phaseNanos,
                       String comment, Consumer<IntervalLog> onTick) {
        this.threads = List.copyOf(threads);
        this.connect = connect;
        this.intervalNanos = intervalNanos;
        this.phaseNanos = phaseNanos;
        this.onTick = onTick;
        long now = System.currentTimeMillis();
        this.lastTickMillis = now;
        writer = new HistogramLogWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        writer.outputComment(comment);
        writer.outputLogFormatVersion();
        writer.outputStartTime(now);
        writer.setBaseTime(now);
        writer.outputBaseTime(now);
        writer.outputLegend();
        // discard anything recorded before the log started
        for (ThreadRecorders t : this.threads) {
            t.latency.reset();
            t.censored.reset();
            t.service.reset();
            t.lag.reset();
            t.ownLag.reset();
        }
        thread = new Thread(this::loop, "load-log");
        thread.setDaemon(true);
    }

    public IntervalLog start() {
        thread.start();
        return this;
    }

    private void loop() {
        long now = System.nanoTime();
        long next = now + Math.floorMod(phaseNanos - now, intervalNanos);
        if (next == now) {
            next += intervalNanos;
        }
        while (!closed) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                synchronized (lock) {
                    try {
                        TimeUnit.NANOSECONDS.timedWait(lock, wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                continue;
            }
            next += intervalNanos;
            tick();
        }
    }

    private synchronized void tick() {
        long now = System.currentTimeMillis();
        Histogram latency = new Histogram(3);
        Histogram censored = new Histogram(3);
        Histogram service = new Histogram(3);
        Histogram lag = new Histogram(3);
        Histogram ownLag = new Histogram(3);
        for (ThreadRecorders t : threads) {
            latency.add(t.latency.getIntervalHistogram());
            censored.add(t.censored.getIntervalHistogram());
            service.add(t.service.getIntervalHistogram());
            lag.add(t.lag.getIntervalHistogram());
            ownLag.add(t.ownLag.getIntervalHistogram());
        }
        Histogram connects = new Histogram(3);
        connects.add(connect.getIntervalHistogram());
        output(latency, LATENCY, now);
        output(censored, CENSORED, now);
        output(service, SERVICE, now);
        output(lag, LAG, now);
        output(connects, CONNECT, now);
        output(ownLag, OWN_LAG, now);
        latencyTotal.add(latency);
        censoredTotal.add(censored);
        serviceTotal.add(service);
        lagTotal.add(lag);
        ownLagTotal.add(ownLag);
        connectTotal.add(connects);
        lastIntervalCount = latency.getTotalCount() - censored.getTotalCount();
        lastIntervalSeconds = Math.max(1e-3, (now - lastTickMillis) / 1000.0);
        lastTickMillis = now;
        if (onTick != null && !closed) {
            onTick.accept(this);
        }
    }

    private void output(Histogram h, String tag, long nowMillis) {
        h.setTag(tag);
        h.setStartTimeStamp(lastTickMillis);
        h.setEndTimeStamp(nowMillis);
        writer.outputIntervalHistogram(h);
    }

    /** Answers recorded per second in the last interval. */
    public double lastIntervalRate() {
        return lastIntervalCount / lastIntervalSeconds;
    }

    /** A copy of the latency total so far (for progress lines). */
    public synchronized Histogram latencySoFar() {
        return latencyTotal.copy();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (lock) {
            lock.notifyAll();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tick();
    }

    public synchronized Histogram latencyTotal() {
        return latencyTotal.copy();
    }

    public synchronized Histogram censoredTotal() {
        return censoredTotal.copy();
    }

    public synchronized Histogram serviceTotal() {
        return serviceTotal.copy();
    }

    public synchronized Histogram lagTotal() {
        return lagTotal.copy();
    }

    public synchronized Histogram ownLagTotal() {
        return ownLagTotal.copy();
    }

    public synchronized Histogram connectTotal() {
        return connectTotal.copy();
    }

    /** The log as written so far ({@code .hlog} text). */
    public synchronized byte[] logBytes() {
        return bytes.toByteArray();
    }
}
