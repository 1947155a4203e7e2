package dev.harness.cli.run;

import dev.harness.load.LoadConfig;
import dev.harness.load.client.Protocol;
import dev.harness.load.client.Workload;
import dev.harness.load.connector.Connector;
import dev.harness.transport.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One scenario of the comparison matrix, of one of three kinds:
 *
 * <ul>
 *   <li>{@link Kind#LOAD}: the generator drives the server and the server's costs are read around the
 *       measurement window;
 *   <li>{@link Kind#IDLE_CONNECTIONS}: {@code connections} are opened (the time to open them all is
 *       recorded), held idle while the server's memory and threads are read per connection, then every one
 *       of them carries requests, open loop at {@link #idleRate()} ({@link #IDLE_REQUEST_RATE} unless
 *       {@code harness run --idle-rate} says otherwise), for latency under that many
 *       connections;
 *   <li>{@link Kind#BREAKING_POINT}: idle-connections at rising counts ({@link #steps()}, up to
 *       {@code connections}) until a step fails; the count and the cause are the result.
 * </ul>
 *
 * @param name        what {@code --scenarios} takes, and the result folder's name
 * @param kind        what the cell does
 * @param connections connections opened (overridden by {@code --connections}); the top step of a
 *                    breaking-point scenario
 * @param what        what the scenario is, without the connection count, for the report
 * @param load        the load's parameters beyond target, connections and timing; for the idle-connections
 *                    kinds, whose requests are fixed (ECHO of 16 bytes, open loop), only their rate
 * @param downstream  what the server's RELAY calls: nothing, a server of its own model, or a silent one
 */
public record Scenario(String name, Kind kind, int connections, String what, UnaryOperator<LoadConfig.Builder> load,
                       Downstream downstream) {

    /** What a cell of this scenario does. */
    public enum Kind { LOAD, IDLE_CONNECTIONS, BREAKING_POINT }

    /**
     * The downstream a cell starts for the server's RELAY calls (tcp only: over mem the server and its downstream
     * would have to share the cell's JVM).
     */
    public enum Downstream {
        /** None: RELAY is not called. */
        NONE,
        /** A second server of the same model, in a JVM of its own: a chain of two services. */
        SAME_MODEL,
        /** A listener in the run's JVM that takes the calls and never answers ({@link SilentDownstream}). */
        SILENT
    }

    /** A scenario whose server needs no downstream. */
    public Scenario(String name, Kind kind, int connections, String what, UnaryOperator<LoadConfig.Builder> load) {
        this(name, kind, connections, what, load, Downstream.NONE);
    }

    /** The request rate over held connections: modest, so that it measures the model, not the 2 cores. */
    public static final double IDLE_REQUEST_RATE = 20_000;
    /** How long connections are held idle before the server is read: time for it to settle. */
    static final Duration IDLE_HOLD = Duration.ofSeconds(2);
    /** A placeholder target, never connected to: only to read whether a scenario's load is open loop. */
    private static final InetSocketAddress JUDGED_TARGET = new InetSocketAddress("127.0.0.1", 1);
    /** The smallest step of a breaking-point scenario. */
    static final int FIRST_STEP = 1_000;

    /** ECHO of 16 bytes over ACT frames, closed loop, one request in flight per connection. */
    static Scenario echo(int connections) {
        return new Scenario("echo", Kind.LOAD, connections, "ECHO 16 B over ACT frames, closed loop, 1 in flight",
                b -> b.protocol(Protocol.ACT).workload(Workload.ECHO).payloadBytes(16).inflight(1));
    }

    /** The name of the scenario that compares servers by their own cost per request. */
    static final String ECHO_COST = "echo-cost";
    /**
     * The offered rate of echo-cost: below every server's closed-loop echo throughput on two cores
     * (README, "Comparing cost at a fixed rate"), so that none is saturated.
     */
    static final double ECHO_COST_RATE = 10_000;

    /**
     * ECHO of 16 bytes over ACT frames, open loop at {@code rate}, below what any server saturates at on two
     * cores: every server does the same work in the window, so its CPU and context switches per request compare
     * the models themselves, and stay meaningful when the client, not the server, limits throughput.
     */
    static Scenario echoCost(int connections, double rate) {
        return new Scenario(ECHO_COST, Kind.LOAD, connections, "ECHO 16 B over ACT frames, open loop at " + (long) rate
                + " req/s: each server's own CPU and context switches per request at a fixed rate",
                b -> b.protocol(Protocol.ACT).workload(Workload.ECHO).payloadBytes(16).inflight(1).rate(rate)
                        .arrival(LoadConfig.Arrival.UNIFORM));
    }

    /** Whether the scenario ranks servers by their cost per request first (its report leads with those rows). */
    boolean comparesCost() {
        return name.equals(ECHO_COST) || name.equals(HTTP_ECHO_COST);
    }

    /** The name of echo-cost's HTTP twin, which the reference servers can serve. */
    static final String HTTP_ECHO_COST = "http-echo-cost";

    /**
     * GET /echo over HTTP/1.1 keep-alive, open loop at {@code rate}: echo-cost in the protocol every server speaks,
     * ours and the references, so that each one's CPU and context switches per request compare at one rate.
     */
    static Scenario httpEchoCost(int connections, double rate) {
        return new Scenario(HTTP_ECHO_COST, Kind.LOAD, connections, "GET /echo over HTTP/1.1 keep-alive, open loop at "
                + (long) rate + " req/s: each server's own CPU and context switches per request at a fixed rate",
                b -> b.protocol(Protocol.HTTP).workload(Workload.ECHO).inflight(1).rate(rate)
                        .arrival(LoadConfig.Arrival.UNIFORM));
    }

    /** {@code GET /work?wait_us=...} over HTTP/1.1, open loop at a fixed rate: work-wait as every server speaks it. */
    static Scenario httpWorkWait(String name, int connections, int waitMicros, double rate) {
        return new Scenario(name, Kind.LOAD, connections,
                "GET /work?wait_us=" + waitMicros + " over HTTP/1.1, open loop at " + (long) rate + " req/s",
                b -> b.protocol(Protocol.HTTP).workload(Workload.WORK).waitMicros(waitMicros).replyBytes(64)
                        .rate(rate).arrival(LoadConfig.Arrival.UNIFORM).inflight(1));
    }

    /**
     * Whether a cell of this scenario sends ACT frames, which the reference servers do not serve: every load over
     * {@link Protocol#ACT}, and the idle-connections kinds, whose requests are ECHO frames.
     */
    public boolean usesActFrames() {
        return kind != Kind.LOAD || load.apply(LoadConfig.builder(JUDGED_TARGET)).build().protocol() == Protocol.ACT;
    }

    /** ECHO over ACT frames with 16 requests in flight per connection: answers may come out of order. */
    static Scenario echoPipelined(int connections) {
        return new Scenario("echo-pipelined", Kind.LOAD, connections,
                "ECHO 16 B over ACT frames, closed loop, 16 in flight (out-of-order answers allowed)",
                b -> b.protocol(Protocol.ACT).workload(Workload.ECHO).payloadBytes(16).inflight(16));
    }

    /** GET /echo over HTTP/1.1 keep-alive, closed loop: what wrk measures. */
    static Scenario httpEcho(int connections) {
        return new Scenario("http-echo", Kind.LOAD, connections, "GET /echo over HTTP/1.1 keep-alive, closed loop",
                b -> b.protocol(Protocol.HTTP).workload(Workload.ECHO).inflight(1));
    }

    /** WORK that burns CPU on the server's handler thread, closed loop. */
    static Scenario workCpu(int connections, int cpuMicros) {
        return new Scenario("work-cpu", Kind.LOAD, connections, "WORK cpu_us=" + cpuMicros + ", closed loop",
                b -> b.protocol(Protocol.ACT).workload(Workload.WORK).cpuMicros(cpuMicros).replyBytes(64).inflight(1));
    }

    /** WORK that waits in the server's model, open loop at a fixed rate: latency from the intended send time. */
    static Scenario workWait(String name, int connections, int waitMicros, double rate) {
        return new Scenario(name, Kind.LOAD, connections,
                "WORK wait_us=" + waitMicros + ", open loop at " + (long) rate + " req/s",
                b -> b.protocol(Protocol.ACT).workload(Workload.WORK).waitMicros(waitMicros).replyBytes(64)
                        .rate(rate).arrival(LoadConfig.Arrival.UNIFORM).inflight(1));
    }

    /**
     * WORK whose waits differ (0 to {@code waitMaxMicros}), 16 in flight per connection, closed loop: a proactor
     * answers a short request before a long one sent earlier (out of order); a thread per connection answers
     * in order, and the short request waits behind the long one (head-of-line blocking).
     */
    static Scenario workMixed(int connections, int waitMaxMicros) {
        return new Scenario("work-mixed", Kind.LOAD, connections,
                "WORK wait_us spread 0.." + waitMaxMicros + " over ACT frames, closed loop, 16 in flight",
                b -> b.protocol(Protocol.ACT).workload(Workload.WORK).waitMicros(0).waitMaxMicros(waitMaxMicros)
                        .replyBytes(64).inflight(16));
    }

    /** The handler the blocking-call scenarios run: WORK's wait as a blocking call through Session.blocking. */
    static final String BLOCKING_CALL_HANDLER = "dev.harness.service.BlockingCallServices";
    /** How long each blocking call of the blocking-call scenarios lasts: 10 ms, a database query's order. */
    static final int BLOCKING_CALL_MICROS = 10_000;
    /**
     * Requests per second per connection in the blocking-call scenarios: 10, so that each connection spends a
     * tenth of its time in the call (one request in flight at a time) and the offered load grows with the
     * connections, up to {@link #BLOCKING_CALL_MAX_RATE}: a model keeps up while it can block that many calls at
     * once.
     */
    static final int BLOCKING_CALL_RATE_PER_CONNECTION = 10;
    /**
     * The most a blocking-call scenario offers, 5,000 req/s (50 calls blocked at once): from 500 connections up
     * the offered load stays there and only the connections grow. Over 2,000 req/s, proactor-act's default pool
     * (20 threads / 10 ms) cannot keep up; at 10,000 req/s, on two cores shared with the generator, the machine
     * was 85-94 % busy and the generator late, which hid the models' own limits behind the cores'.
     */
    static final int BLOCKING_CALL_MAX_RATE = 5_000;
    /** The connection counts of the blocking-call scenarios, one scenario each. */
    static final List<Integer> BLOCKING_CALL_CONNECTIONS = List.of(100, 1_000, 4_000);
    /** What the name of every blocking-call scenario starts with. */
    private static final String BLOCKING_CALL = "blocking-call-";

    /**
     * A request that makes one blocking call of {@value #BLOCKING_CALL_MICROS} µs (WORK served by
     * {@link #BLOCKING_CALL_HANDLER}), open loop at {@value #BLOCKING_CALL_RATE_PER_CONNECTION} req/s per
     * connection up to {@value #BLOCKING_CALL_MAX_RATE} req/s in all, named {@code blocking-call-N} for its N
     * connections: in no profile, run by name.
     */
    static Scenario blockingCall(int connections) {
        double rate = Math.min((double) connections * BLOCKING_CALL_RATE_PER_CONNECTION, BLOCKING_CALL_MAX_RATE);
        return new Scenario(BLOCKING_CALL + connections, Kind.LOAD, connections, "WORK whose wait_us="
                + BLOCKING_CALL_MICROS + " is a blocking call (Thread.sleep through Session.blocking), open loop at "
                + (long) rate + " req/s",
                b -> b.protocol(Protocol.ACT).workload(Workload.WORK).waitMicros(BLOCKING_CALL_MICROS).replyBytes(64)
                        .rate(rate).arrival(LoadConfig.Arrival.UNIFORM).inflight(1));
    }

    /** Every blocking-call scenario, at rising connection counts. */
    public static List<Scenario> blockingCalls() {
        return BLOCKING_CALL_CONNECTIONS.stream().map(Scenario::blockingCall).toList();
    }

    /** Whether this is a blocking-call scenario, whose server runs {@link #BLOCKING_CALL_HANDLER}. */
    boolean blocksCalls() {
        return name.startsWith(BLOCKING_CALL);
    }

    /** The {@code harness serve} options this scenario needs: the blocking-call handler for blocking-call-N. */
    List<String> serverArgs() {
        return blocksCalls() ? List.of("--handler", BLOCKING_CALL_HANDLER) : List.of();
    }

    /**
     * Whether a cell holds its connections idle before any request and reads the server's heap (after a full
     * GC), RSS and threads per connection: idle-connections, and the blocking-call scenarios, where what a
     * connection costs each model (a platform thread, a virtual thread, a selection key) is half the answer.
     */
    public boolean readsIdleMemory() {
        return kind == Kind.IDLE_CONNECTIONS || blocksCalls();
    }

    /**
     * SUBSCRIBE: one request, one ACT, {@code events} answers of 64 bytes one every millisecond (the server waits
     * between them in its own model), open loop at {@code rate} subscriptions per second: the ACT returned many
     * times, each event matched to its subscription by the token alone.
     */
    static Scenario subscribe(int connections, int events, double rate) {
        return new Scenario("subscribe", Kind.LOAD, connections, "SUBSCRIBE " + events
                + " events of 64 B, one per ms, under one ACT, open loop at " + (long) rate + " subscriptions/s",
                b -> b.protocol(Protocol.ACT).workload(Workload.SUBSCRIBE).events(events).intervalMicros(1_000)
                        .replyBytes(64).rate(rate).arrival(LoadConfig.Arrival.UNIFORM).inflight(1));
    }

    /**
     * RELAY of ECHO 16 B through the server to a second server of the same model, 16 in flight per connection,
     * closed loop: a chain of services. A thread per connection calls its downstream one call at a time on a
     * connection of its own; the proactor multiplexes every call of a loop on one downstream connection under
     * tokens of its ActTable.
     */
    static Scenario relay(int connections) {
        return new Scenario("relay", Kind.LOAD, connections,
                "RELAY of ECHO 16 B to a downstream server of the same model, closed loop, 16 in flight",
                b -> b.protocol(Protocol.ACT).workload(Workload.RELAY).payloadBytes(16).inflight(16), Downstream.SAME_MODEL);
    }

    /** How long the server waits for its silent downstream before it answers GATEWAY_TIMEOUT and frees the call. */
    static final Duration SILENT_DOWNSTREAM_TIMEOUT = Duration.ofSeconds(2);
    /** The shortest window of silent-downstream: three downstream timeouts, so that calls expire inside it. */
    static final Duration SILENT_WINDOW = SILENT_DOWNSTREAM_TIMEOUT.multipliedBy(3);

    /**
     * RELAY to a downstream that takes every call and never answers, open loop at {@code rate}, up to 64 in
     * flight per connection. Every call waits {@link #SILENT_DOWNSTREAM_TIMEOUT} and is answered GATEWAY_TIMEOUT,
     * its state reclaimed. At {@code rate} x the timeout more calls wait than the proactor's tables hold (16,384
     * per event loop), so its tables fill and refuse calls (UNAVAILABLE) until expiry frees slots; a thread per
     * connection holds one call at a time per connection. The cell records calls, errors, RSS and threads over
     * time (the leak liability of ACTs a service never returns).
     */
    static Scenario silentDownstream(int connections, double rate) {
        return new Scenario("silent-downstream", Kind.LOAD, connections,
                "RELAY to a downstream that never answers (timeout " + SILENT_DOWNSTREAM_TIMEOUT.toSeconds()
                        + " s), open loop at " + (long) rate + " req/s, up to 64 in flight",
                b -> b.protocol(Protocol.ACT).workload(Workload.RELAY).payloadBytes(16).inflight(64).rate(rate)
                        .arrival(LoadConfig.Arrival.UNIFORM), Downstream.SILENT);
    }

    /** The scenarios {@code --scenarios connect-storm} names: the same storm opened by each connector. */
    public static final String CONNECT_STORM = "connect-storm";

    /**
     * {@code connections} opened at once by the SYNC or ASYNC {@link Connector} (one connect at a time, or up
     * to 1,024 in flight), then ECHO 16 B open loop at {@code rate}: about one request per connection per
     * second, whose latency is that of each connection's first requests. Over mem with {@code --link-delay D}
     * a connect costs a round trip (2 D) and every request and answer D each way.
     */
    static Scenario connectStorm(Connector.Mode mode, int connections, double rate) {
        String connector = mode.name().toLowerCase(java.util.Locale.ROOT);
        return new Scenario(CONNECT_STORM + "-" + connector, Kind.LOAD, connections, "connections opened by the "
                + mode + " connector, then ECHO 16 B open loop at " + (long) rate + " req/s",
                b -> b.protocol(Protocol.ACT).workload(Workload.ECHO).payloadBytes(16).inflight(1).rate(rate)
                        .arrival(LoadConfig.Arrival.UNIFORM).connector(mode));
    }

    /** Whether the report shows how long this scenario took to open its connections. */
    boolean comparesConnect() {
        return name.startsWith(CONNECT_STORM + "-");
    }

    /**
     * Idle connections: opened and held, the server's heap (after a full GC), RSS and threads read per
     * connection, then ECHO over every one of them, open loop.
     */
    static Scenario idleConnections(int connections) {
        return idleConnections(connections, IDLE_REQUEST_RATE);
    }

    /** Idle connections whose request phase runs open loop at {@code rate} requests per second. */
    static Scenario idleConnections(int connections, double rate) {
        return new Scenario("idle-connections", Kind.IDLE_CONNECTIONS, connections,
                "connections held idle (memory and threads per connection), then ECHO 16 B over every one, open loop at "
                        + (long) rate + " req/s", b -> b.rate(rate));
    }

    /**
     * This scenario with its idle connections' request phase at {@code rate} (the {@code --idle-rate} override):
     * an idle-connections scenario, or a breaking-point climb's steps; any other is returned as it is. At ten
     * million connections the default rate would take 600 s per cell to use every connection once.
     */
    public Scenario withIdleRate(double rate) {
        return switch (kind) {
            case IDLE_CONNECTIONS -> {
                Scenario idle = idleConnections(connections, rate);
                yield new Scenario(name, kind, connections, idle.what(), idle.load(), downstream);
            }
            case BREAKING_POINT -> new Scenario(name, kind, connections, what, b -> b.rate(rate), downstream);
            case LOAD -> this;
        };
    }

    /** The request rate of an idle-connections cell, or of a breaking-point climb's steps. */
    double idleRate() {
        return load.apply(LoadConfig.builder(JUDGED_TARGET).rate(IDLE_REQUEST_RATE)).build().rate();
    }

    /**
     * One step of a breaking-point climb: idle-connections at {@code connections}. A step breaks when a
     * connection cannot be opened, held or used, or the server fails; answers still missing when its window
     * ends only show how far it has degraded (requests completed, latency).
     */
    static Scenario breakingPointStep(int connections) {
        return breakingPointStep(connections, IDLE_REQUEST_RATE);
    }

    /** A breaking-point step whose request phase runs at {@code rate}. */
    static Scenario breakingPointStep(int connections, double rate) {
        Scenario step = idleConnections(connections, rate);
        return new Scenario("breaking-point", step.kind(), connections, step.what(), step.load());
    }

    /**
     * Whether an overloaded load makes this scenario's cell overloaded: an open-loop load at a fixed rate, and a
     * breaking-point step (where it marks the count at which the model stops keeping up). A closed loop runs as
     * fast as the pair can, and an idle-connections cell fails on a request left unanswered anyway.
     */
    boolean judgesOverload() {
        return name.equals("breaking-point")
                || kind == Kind.LOAD && load.apply(LoadConfig.builder(JUDGED_TARGET)).build().openLoop();
    }

    /** Whether answers still missing at the end of the window fail this scenario (not a breaking-point step). */
    boolean lateAnswersFail() {
        return !name.equals("breaking-point");
    }

    /** The top of a breaking-point climb unless {@code --connections} says otherwise. */
    static final int BREAKING_POINT_TOP = 100_000;

    /** Breaking-point up to {@value #BREAKING_POINT_TOP} connections: in no profile, run by name only. */
    public static Scenario breakingPoint() {
        return breakingPoint(BREAKING_POINT_TOP);
    }

    /** Idle-connections at rising counts up to {@code maxConnections} until a step fails. */
    static Scenario breakingPoint(int maxConnections) {
        return new Scenario("breaking-point", Kind.BREAKING_POINT, maxConnections,
                "idle-connections at rising counts until a step fails; the count and its cause",
                UnaryOperator.identity());
    }

    /** What the scenario is, with its connection count. */
    public String description() {
        return what + ", " + (kind == Kind.BREAKING_POINT ? "up to " : "") + connections + " connections";
    }

    /** This scenario with another connection count (the {@code --connections} override). */
    public Scenario withConnections(int count) {
        return new Scenario(name, kind, count, what, load, downstream);
    }

    /**
     * The connection counts of a breaking-point scenario: 1,000, 2,000, 4,000, 8,000, 16,000, then alternately
     * ×1.5 and ×4/3 (24,000, 32,000, 48,000, 64,000, 96,000 ...), each below {@code connections}, and
     * {@code connections} last. A single step when {@code connections} is at most {@value #FIRST_STEP}.
     */
    public List<Integer> steps() {
        List<Integer> steps = new java.util.ArrayList<>();
        long step = FIRST_STEP;
        boolean half = false;
        while (step < connections) {
            steps.add((int) step);
            if (step < 16_000) {
                step *= 2;
            } else {
                step = half ? step * 4 / 3 : step * 3 / 2;
                half = !half;
            }
        }
        steps.add(connections);
        return steps;
    }

    /**
     * How long the request phase of an idle-connections cell lasts: long enough for every connection to carry
     * at least one request at {@code rate} (with a fifth more for the ring to come round), and never shorter
     * than {@code window}.
     */
    static Duration idleRequestWindow(int connections, Duration window, double rate) {
        Duration cover = Duration.ofMillis((long) Math.ceil(connections * 1.2 / rate * 1000));
        return cover.compareTo(window) > 0 ? cover : window;
    }

    /** A load's window: the run's, but never shorter than {@link #SILENT_WINDOW} against a silent downstream. */
    Duration loadWindow(Duration runWindow) {
        return downstream == Downstream.SILENT && runWindow.compareTo(SILENT_WINDOW) < 0 ? SILENT_WINDOW : runWindow;
    }

    /**
     * The generator's configuration for a cell of this scenario against {@code target} over {@code transport}.
     *
     * <ul>
     *   <li>A load: the scenario's parameters, one I/O thread, the run's warm-up and window, a 5 s timeout.
     *   <li>Idle connections: {@code connections} opened, then ECHO of 16 bytes over ACT frames, one in flight
     *       per connection, open loop at {@link #idleRate()}: the run's warm-up (the server's code
     *       compiles; its requests use connections too, but are not measured), then a window long enough for
     *       every connection to carry a request by itself ({@link #idleRequestWindow}). The time limit allows
     *       30 s plus 50 µs per connection for connecting; the hold is outside it. Over tcp, more connections
     *       than {@link RunSettings#SPREAD_ABOVE_CONNECTIONS} are spread over the run's source addresses.
     * </ul>
     *
     * A breaking-point scenario has none: its steps are idle-connections cells.
     */
    LoadConfig loadConfig(InetSocketAddress target, Transport transport, RunSettings settings) {
        Duration timeout = Duration.ofSeconds(5);
        LoadConfig.Builder builder = LoadConfig.builder(target)
                .transport(transport)
                .connections(connections)
                .threads(1)
                .warmup(settings.warmup())
                .timeout(timeout)
                .commandLine(settings.commandLine());
        return switch (kind) {
            case LOAD -> {
                Duration window = loadWindow(settings.duration());
                yield load.apply(builder.duration(window)
                        .timeLimit(LoadConfig.defaultTimeLimit(settings.warmup(), window, timeout))).build();
            }
            case IDLE_CONNECTIONS -> {
                Duration window = idleRequestWindow(connections, settings.duration(), idleRate());
                Duration connecting = Duration.ofSeconds(30).plusNanos(connections * 50_000L);
                yield builder.protocol(Protocol.ACT).workload(Workload.ECHO).payloadBytes(16).inflight(1)
                        .rate(idleRate()).arrival(LoadConfig.Arrival.UNIFORM)
                        .duration(window)
                        .timeLimit(connecting.plus(settings.warmup()).plus(window).plus(timeout))
                        .sourceAddresses(transport.name().equals("tcp") ? settings.sourcesFor(connections) : List.of())
                        .build();
            }
            case BREAKING_POINT -> throw new IllegalStateException("a breaking-point climb has no load of its own: its steps do");
        };
    }
}
