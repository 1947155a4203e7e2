package dev.harness.load;

import dev.harness.load.connector.Connector;
import dev.harness.load.engine.ArrivalSchedule;
import dev.harness.load.engine.IoLoop;
import dev.harness.load.engine.LoopCounters;
import dev.harness.load.engine.RunPlan;
import dev.harness.load.record.IntervalLog;
import dev.harness.load.record.ThreadCost;
import dev.harness.load.record.ThreadRecorders;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Runs one load: preflight, connect (the {@code connector} thread), warmup and measurement on
 * {@code threads} I/O threads ({@code load-io-N}), drain, and the result. Callable as a library
 * ({@link #run(LoadConfig, ProgressListener)}); never exits the JVM.
 *
 * <p>The run stops early, and its result is marked partial, when {@link #stop()} is called (Ctrl-C), when
 * every connection has been closed by the target (target dead), or when the time limit passes. Either way
 * the result holds everything measured so far.
 */
public final class LoadRunner {

    private static final long INTERVAL_NANOS = 1_000_000_000L;

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

    private final LoadConfig config;
    private final ProgressListener listener;
    private final WindowListener window;
    private int windowState;
    private final Object monitor = new Object();
    private volatile String stopReason;
    private volatile List<IoLoop> loops = List.of();
    private volatile long runStartNanos;
    private volatile String phase = "connect";

    public LoadRunner(LoadConfig config, ProgressListener listener) {
        this(config, listener, WindowListener.NONE);
    }

    public LoadRunner(LoadConfig config, ProgressListener listener, WindowListener window) {
        this.config = config;
        this.listener = listener;
        this.window = window;
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
        long startedNanos = System.nanoTime();
        long hardDeadline = startedNanos + config.timeLimit().toNanos();
        List<ThreadRecorders> recorders = new ArrayList<>();
        for (int t = 0; t < config.threads(); t++) {
            recorders.add(new ThreadRecorders());
        }
        SingleWriterRecorder connectRecorder = new SingleWriterRecorder(3);
        IntervalLog log = new IntervalLog(recorders, connectRecorder, INTERVAL_NANOS,
                "harness load: " + String.join(" ", config.commandLine()), this::tick).start();
        try {
            Connector.Outcome outcome = connect(connectRecorder, hardDeadline);
            if (outcome.channels().isEmpty() && stopReason == null) {
                throw new LoadException("cannot connect to " + config.target().getHostString() + ":"
                        + config.target().getPort() + ": " + outcome.firstFailure()
                        + " (is the server running? check --target)");
            }
            long runStart = System.nanoTime();
            RunPlan plan = new RunPlan(config.template(), config.inflight(), config.openLoop(), runStart,
                    runStart + config.warmup().toNanos(), runStart + config.warmup().toNanos() + config.duration().toNanos(),
                    config.timeout().toNanos(), config.lateThreshold().toNanos(), config.maxPayloadBytes());
            runStartNanos = runStart;
            int threads = Math.min(config.threads(), Math.max(1, outcome.channels().size()));
            List<List<SocketChannel>> perThread = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                perThread.add(new ArrayList<>());
            }
            for (int i = 0; i < outcome.channels().size(); i++) {
                perThread.get(i % threads).add(outcome.channels().get(i));
            }
            AtomicInteger live = new AtomicInteger(outcome.channels().size());
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
            List<IoLoop> created = new ArrayList<>();
            List<Thread> ioThreads = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                ArrivalSchedule schedule = !config.openLoop() ? null
                        : config.arrival() == LoadConfig.Arrival.UNIFORM
                        ? ArrivalSchedule.uniform(config.rate(), threads, t)
                        : ArrivalSchedule.poisson(config.rate() / threads, config.seed() + t);
                IoLoop loop = new IoLoop(t, plan, perThread.get(t), recorders.get(t), schedule, control);
                created.add(loop);
                Thread thread = new Thread(loop, loop.threadName());
                thread.setUncaughtExceptionHandler((th, e) -> {
                    System.err.println("harness load: " + th.getName() + " failed: " + e);
                    stop("engine_failed");
                });
                ioThreads.add(thread);
            }
            loops = List.copyOf(created);
            phase = config.warmup().isZero() ? "measure" : "warmup";
            try {
                for (Thread thread : ioThreads) {
                    thread.start();
                }
                if (stopReason != null) {
                    stop(stopReason);
                }
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
                    windowState = 2;
                    window.closed();
                }
            } finally {
                for (IoLoop loop : created) {
                    loop.closeConnections();
                }
            }
            long endNanos = System.nanoTime();
            log.close();
            return result(plan, created, outcome, log, endNanos);
        } finally {
            log.close();
        }
    }

    private Connector.Outcome connect(SingleWriterRecorder connectRecorder, long hardDeadline) throws InterruptedException {
        Connector connector = new Connector(config.connector(), config.target(), config.sourceAddresses(),
                config.connectRate(), config.connectInFlight(), config.timeout(), connectRecorder,
                () -> stopReason != null || System.nanoTime() - hardDeadline > 0);
        Connector.Outcome[] box = new Connector.Outcome[1];
        Thread thread = new Thread(() -> box[0] = connector.connect(config.connections()), "connector");
        thread.start();
        thread.join();
        if (System.nanoTime() - hardDeadline > 0) {
            stop("time_limit");
        }
        return box[0] != null ? box[0] : new Connector.Outcome(List.of(), config.connections(), "connector failed", 0);
    }

    private void updatePhase(RunPlan plan) {
        long now = System.nanoTime();
        phase = now < plan.measureStartNanos() ? "warmup" : now < plan.measureEndNanos() ? "measure" : "drain";
        if (windowState == 0 && now >= plan.measureStartNanos()) {
            windowState = 1;
            window.opened();
        }
        if (windowState == 1 && now >= plan.measureEndNanos()) {
            windowState = 2;
            window.closed();
        }
    }

    private void tick(IntervalLog log) {
        long start = runStartNanos;
        long elapsed = start == 0 ? 0 : System.nanoTime() - start;
        long errors = 0;
        for (IoLoop loop : loops) {
            LoopCounters c = loop.counters();
            errors += c.errorTotal() + c.timeouts;
        }
        double p99 = log.latencySoFar().getValueAtPercentile(99) / 1000.0;
        listener.onProgress(new ProgressListener.Progress(phase, elapsed,
                config.warmup().plus(config.duration()).toNanos(), log.lastIntervalRate(), p99, errors));
    }

    private LoadResult result(RunPlan plan, List<IoLoop> created, Connector.Outcome outcome, IntervalLog log,
                              long endNanos) {
        LoopCounters total = new LoopCounters();
        ThreadCost cost = ThreadCost.ZERO;
        for (IoLoop loop : created) {
            loop.counters().addTo(total);
            cost = cost.plus(loop.cost());
        }
        long measuredNanos = Math.max(1, Math.min(endNanos, plan.measureEndNanos()) - plan.measureStartNanos());
        return new LoadResult(config, total, log.latencyTotal(), log.serviceTotal(), log.lagTotal(),
                log.ownLagTotal(), log.connectTotal(), outcome.channels().size(), outcome.failed(),
                outcome.elapsedNanos(), measuredNanos, cost, created.size(), stopReason, log.logBytes());
    }
}
