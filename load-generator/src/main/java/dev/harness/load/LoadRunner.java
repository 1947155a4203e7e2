package dev.harness.load;

import dev.harness.load.connector.Connector;
import dev.harness.load.engine.ArrivalSchedule;
import dev.harness.load.engine.IoLoop;
import dev.harness.load.engine.LoopCounters;
import dev.harness.load.engine.RunPlan;
import dev.harness.load.record.ClockOffset;
import dev.harness.load.record.IntervalLog;
import dev.harness.load.record.MachineCpu;
import dev.harness.load.record.MeasureWindow;
import dev.harness.load.record.StartClock;
import dev.harness.load.record.ThreadCost;
import dev.harness.load.record.ThreadRecorders;
import dev.harness.transport.Channel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Runs one load in phases: preflight; connect (the {@code connector} thread); the idle hold, in which every
 * connection is open, registered with one of {@code threads} I/O threads ({@code load-io-N}) and idle while
 * an {@link IdleHold} runs; then warmup, measurement and drain on the I/O threads; and the result.
 * Callable as a library ({@link #run(LoadConfig, ProgressListener)}); never exits the JVM.
 *
 * <p>The run stops early, and its result is marked partial, when {@link #stop()} is called (Ctrl-C), when
 * every connection has been lost for good (closed by the target and not reopened: target dead), or when the time limit passes. Either way
 * the result holds everything measured so far. The time limit covers connecting and the load, not the
 * idle hold, whose length is the caller's.
 */
public final class LoadRunner {

    private static final long INTERVAL_NANOS = 1_000_000_000L;
    /** How long the SNTP exchange of {@code --clock-server} may take before the offset is unknown. */
    private static final Duration CLOCK_CHECK_TIMEOUT = Duration.ofSeconds(2);

    /**
     * Told, on the thread that runs the load, within a millisecond of the measurement window opening and
     * closing (closing early when the run stops early), so that a caller can read the target's costs for
     * exactly the window the results cover.
     */
    public interface WindowListener {
        WindowListener NONE = new WindowListener() {
            @Override
            public void opened() {
            }

            @Override
            public void closed() {
            }
        };

        void opened();

        void closed();
    }

    /**
     * What the connect phase opened.
     *
     * @param opened       connections open, each registered with an I/O thread and idle
     * @param failed       connects that failed or timed out
     * @param firstFailure what the first failure said, or null
     * @param connectNanos from the first connect initiated to the last completed: the time to open them all
     */
    public record Connected(int opened, int failed, String firstFailure, long connectNanos) {
    }

    /**
     * The idle hold: called once, on the thread that runs the load, when every connection is open, registered
     * with its I/O thread and idle — no request has been sent and the I/O threads are parked — and the load
     * starts when it returns. A caller measures here what idle connections cost (heap after GC, RSS,
     * threads) on both sides. Not called when the run was stopped while connecting.
     */
    @FunctionalInterface
    public interface IdleHold {
        IdleHold NONE = connected -> { };

        void hold(Connected connected) throws InterruptedException;
    }

    private final LoadConfig config;
    private final ProgressListener listener;
    private final WindowListener window;
    private final IdleHold idleHold;
    private int windowState;
    private MachineCpu machineAtStart;
    private MachineCpu machineAtEnd;
    private final Object monitor = new Object();
    private volatile String stopReason;
    private volatile List<IoLoop> loops = List.of();
    private volatile Connector connector;
    private volatile int opened;
    private volatile long runStartNanos;
    private volatile String phase = "connect";

    public LoadRunner(LoadConfig config, ProgressListener listener) {
        this(config, listener, WindowListener.NONE, IdleHold.NONE);
    }

    public LoadRunner(LoadConfig config, ProgressListener listener, WindowListener window) {
        this(config, listener, window, IdleHold.NONE);
    }

    public LoadRunner(LoadConfig config, ProgressListener listener, WindowListener window, IdleHold idleHold) {
        this.config = config;
        this.listener = listener;
        this.window = window;
        this.idleHold = idleHold;
    }

    /** Checks, connects, runs and returns the result. */
    public static LoadResult run(LoadConfig config, ProgressListener listener) throws LoadException, InterruptedException {
        return new LoadRunner(config, listener).run();
    }

    /** Asks a running load to stop now (e.g. on Ctrl-C); {@link #run()} then returns a partial result. */
    public void stop() {
        stop("interrupted");
    }

    private void stop(String reason) {
        synchronized (monitor) {
            if (stopReason == null) {
                stopReason = reason;
            }
            monitor.notifyAll();
        }
        for (IoLoop loop : loops) {
            loop.wakeup();
        }
    }

    public LoadResult run() throws LoadException, InterruptedException {
        Preflight.check(config);
        ClockOffset offset = config.clockServer() == null ? ClockOffset.unknown("no --clock-server given")
                : ClockOffset.sntp(config.clockServer(), CLOCK_CHECK_TIMEOUT);
        long startedNanos = System.nanoTime();
        long hardDeadline = startedNanos + config.timeLimit().toNanos();
        List<ThreadRecorders> recorders = new ArrayList<>();
        for (int t = 0; t < config.threads(); t++) {
            recorders.add(new ThreadRecorders());
        }
        SingleWriterRecorder connectRecorder = new SingleWriterRecorder(3);
        long phaseNanos = config.startAt() == null ? startedNanos : nanoTimeOf(config.startAt());
        IntervalLog log = new IntervalLog(recorders, connectRecorder, INTERVAL_NANOS, phaseNanos,
                "harness load: " + String.join(" ", config.commandLine()), this::tick).start();
        try {
            AtomicInteger live = new AtomicInteger();
            IoLoop.Control control = new IoLoop.Control() {
                @Override
                public boolean stopRequested() {
                    return stopReason != null;
                }

                @Override
                public void connectionLost() {
                    if (live.decrementAndGet() == 0) {
                        stop("target_died");
                    }
                }
            };
            Connected connected = connect(connectRecorder, hardDeadline, recorders, control);
            live.set(connected.opened());
            List<IoLoop> created = loops;
            List<Thread> ioThreads = new ArrayList<>();
            for (IoLoop loop : created) {
                Thread thread = new Thread(loop, loop.threadName());
                thread.setUncaughtExceptionHandler((th, e) -> {
                    System.err.println("harness load: " + th.getName() + " failed: " + e);
                    stop("engine_failed");
                });
                ioThreads.add(thread);
            }
            try {
                for (Thread thread : ioThreads) {
                    thread.start();
                }
                for (IoLoop loop : created) {
                    loop.awaitReady();
                }
                long holdNanos = 0;
                if (stopReason == null) {
                    phase = "idle";
                    long holdStart = System.nanoTime();
                    idleHold.hold(connected);
                    holdNanos = System.nanoTime() - holdStart;
                    hardDeadline += holdNanos;
                }
                long startNanos = startNanos();
                hardDeadline += Math.max(0, startNanos - System.nanoTime());
                awaitStart(startNanos);
                long startLateNanos = System.nanoTime() - startNanos;
                RunPlan plan = start(created, startNanos);
                awaitLoops(ioThreads, plan, hardDeadline);
                long endNanos = System.nanoTime();
                log.close();
                StartClock clock = new StartClock(config.startAt(), config.startAt() == null ? 0 : startLateNanos, offset);
                return result(plan, created, connected, holdNanos, log, endNanos, clock);
            } finally {
                stopAndJoin(ioThreads);
                for (IoLoop loop : created) {
                    loop.closeConnections();
                }
            }
        } finally {
            log.close();
        }
    }

    /**
     * Opens the connections and deals them out, round robin, to new I/O loops (not yet started). The
     * channel list lives only here: from now on each loop holds its own share.
     */
    private Connected connect(SingleWriterRecorder connectRecorder, long hardDeadline, List<ThreadRecorders> recorders,
                              IoLoop.Control control) throws LoadException, InterruptedException {
        Connector c = new Connector(config.connector(), config.transport(), config.target(), config.ownSourceAddresses(),
                config.connectRate(), config.connectInFlight(), config.timeout(), connectRecorder,
                () -> stopReason != null || System.nanoTime() - hardDeadline > 0);
        connector = c;
        Connector.Outcome[] box = new Connector.Outcome[1];
        Thread thread = new Thread(() -> box[0] = c.connect(config.ownConnections()), "connector");
        thread.start();
        thread.join();
        if (System.nanoTime() - hardDeadline > 0) {
            stop("time_limit");
        }
        Connector.Outcome outcome = box[0] != null ? box[0]
                : new Connector.Outcome(List.of(), config.ownConnections(), "connector failed", 0);
        List<Channel> channels = outcome.channels();
        if (channels.isEmpty() && stopReason == null) {
            throw new LoadException("cannot connect to " + config.target().getHostString() + ":"
                    + config.target().getPort() + ": " + outcome.firstFailure()
                    + " (is the server running? check --target)");
        }
        int threads = Math.min(config.threads(), Math.max(1, channels.size()));
        List<List<Channel>> perThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            perThread.add(new ArrayList<>(channels.size() / threads + 1));
        }
        for (int i = 0; i < channels.size(); i++) {
            perThread.get(i % threads).add(channels.get(i));
        }
        List<IoLoop> created = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            created.add(new IoLoop(t, config.transport(), c, perThread.get(t), recorders.get(t), control));
        }
        opened = channels.size();
        loops = List.copyOf(created);
        return new Connected(channels.size(), outcome.failed(), outcome.firstFailure(), outcome.elapsedNanos());
    }

    /**
     * The run's start on the nanosecond clock: now, or the {@code --start-at} instant. An instant already past
     * once every connection is open cannot be kept (the schedule would send everything due since at once), so
     * the run stops with a message instead.
     */
    private long startNanos() throws LoadException {
        long now = System.nanoTime();
        if (config.startAt() == null) {
            return now;
        }
        long start = nanoTimeOf(config.startAt());
        if (start - now < 0 && stopReason == null) {
            throw new LoadException("the start instant " + config.startAt() + " (--start-at) passed "
                    + TimeUnit.NANOSECONDS.toMillis(now - start) + " ms before the connections were open and idle;"
                    + " give an instant later by at least the time connecting takes");
        }
        return start;
    }

    /** Sleeps until {@code startNanos}, or until the run is stopped. */
    private void awaitStart(long startNanos) throws InterruptedException {
        synchronized (monitor) {
            long left;
            while (stopReason == null && (left = startNanos - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(monitor, left);
            }
        }
    }

    /** The {@link System#nanoTime()} reading at which the wall clock will show {@code instant}. */
    private static long nanoTimeOf(Instant instant) {
        long nanos = System.nanoTime();
        Instant now = Instant.now();
        return nanos + Duration.between(now, instant).toNanos();
    }

    /** Fixes the run's clock at {@code runStart} and starts every loop on it. */
    private RunPlan start(List<IoLoop> created, long runStart) {
        RunPlan plan = new RunPlan(config.template(), config.inflight(), config.openLoop(), runStart,
                runStart + config.warmup().toNanos(), runStart + config.warmup().toNanos() + config.duration().toNanos(),
                config.timeout().toNanos(), config.lateThreshold().toNanos(), config.maxPayloadBytes());
        runStartNanos = runStart;
        phase = config.warmup().isZero() ? "measure" : "warmup";
        int threads = created.size();
        for (int t = 0; t < threads; t++) {
            Share share = config.share();
            ArrivalSchedule schedule = !config.openLoop() ? null
                    : config.arrival() == LoadConfig.Arrival.UNIFORM
                    ? ArrivalSchedule.uniform(config.rate(), share.lanes(threads), share.lane(t))
                    : ArrivalSchedule.poisson(config.rate() / share.lanes(threads), config.seed() + share.lane(t));
            created.get(t).start(plan, schedule);
        }
        return plan;
    }

    /** Waits for the I/O threads, keeping the time limit and telling the window listener of the window. */
    private void awaitLoops(List<Thread> ioThreads, RunPlan plan, long hardDeadline) throws InterruptedException {
        for (Thread thread : ioThreads) {
            while (thread.isAlive()) {
                long now = System.nanoTime();
                long left = hardDeadline - now;
                if (left <= 0 && stopReason == null) {
                    stop("time_limit");
                }
                long untilBoundary = windowState == 0 ? plan.measureStartNanos() - now
                        : windowState == 1 ? plan.measureEndNanos() - now : Long.MAX_VALUE;
                long waitNanos = Math.min(Math.min(Math.max(left, 0), untilBoundary), TimeUnit.MILLISECONDS.toNanos(100));
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
                updatePhase(plan);
            }
        }
        if (windowState == 1) {
            closeWindow();
        }
    }

    /** The window opens: the machine is read, then the caller's probes. */
    private void openWindow() {
        windowState = 1;
        machineAtStart = MachineCpu.read();
        window.opened();
    }

    /** The window closes: the caller's probes are read, then the machine, nesting inside the opening's order. */
    private void closeWindow() {
        windowState = 2;
        window.closed();
        machineAtEnd = MachineCpu.read();
    }

    /** Ends the I/O threads still running (only when the run is left by an exception) and waits for them. */
    private void stopAndJoin(List<Thread> ioThreads) {
        boolean interrupted = false;
        for (Thread thread : ioThreads) {
            if (thread.isAlive()) {
                stop("interrupted");
            }
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void updatePhase(RunPlan plan) {
        long now = System.nanoTime();
        phase = now < plan.measureStartNanos() ? "warmup" : now < plan.measureEndNanos() ? "measure" : "drain";
        if (windowState == 0 && now >= plan.measureStartNanos()) {
            openWindow();
        }
        if (windowState == 1 && now >= plan.measureEndNanos()) {
            closeWindow();
        }
    }

    private void tick(IntervalLog log) {
        long start = runStartNanos;
        long elapsed = start == 0 ? 0 : System.nanoTime() - start;
        long errors = 0;
        long lost = 0;
        for (IoLoop loop : loops) {
            LoopCounters c = loop.counters();
            errors += c.errorTotal() + c.timeouts;
            lost += c.connectionsLost;
        }
        Connector c = connector;
        long open = loops.isEmpty() ? (c == null ? 0 : c.connectedSoFar()) : opened - lost;
        double p99 = log.latencySoFar().getValueAtPercentile(99) / 1000.0;
        listener.onProgress(new ProgressListener.Progress(phase, elapsed,
                config.warmup().plus(config.duration()).toNanos(), log.lastIntervalRate(), p99, errors, open));
    }

    private LoadResult result(RunPlan plan, List<IoLoop> created, Connected connected, long holdNanos, IntervalLog log,
                              long endNanos, StartClock clock) {
        LoopCounters total = new LoopCounters();
        ThreadCost cost = ThreadCost.ZERO;
        for (IoLoop loop : created) {
            loop.counters().addTo(total);
            cost = cost.plus(loop.cost());
        }
        long measuredNanos = Math.max(1, Math.min(endNanos, plan.measureEndNanos()) - plan.measureStartNanos());
        MeasureWindow measured = MeasureWindow.of(plan.measureStartNanos(), plan.measureStartNanos() + measuredNanos);
        MachineCpu.Busy machine = machineAtStart == null || machineAtEnd == null ? null
                : machineAtEnd.busySince(machineAtStart);
        return new LoadResult(config, total, log.latencyTotal(), log.censoredTotal(), log.serviceTotal(), log.lagTotal(),
                log.ownLagTotal(), log.connectTotal(), connected.opened(), connected.failed(),
                connected.connectNanos(), holdNanos, measured, machine, cost, created.size(), stopReason, clock, log.logBytes());
    }
}
