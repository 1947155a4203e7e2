package dev.harness.cli.run;

import dev.harness.load.connector.Connector;
import java.time.Duration;
import java.util.List;

/**
 * A named matrix: the scenarios every server runs, with their warm-up and measurement windows.
 *
 * <ul>
 *   <li>{@code quick} (the default): echo, echo-cost (each server's CPU and context switches per request at a
 *       fixed 10,000 req/s), WORK with a 1 ms wait at 5,000 req/s over 1,000 connections,
 *       pipelined WORK with mixed waits (the ordering trade-off), and 2,000 idle connections (idle-connections);
 *       two rounds of 3 s windows;
 *   <li>{@code full}: longer windows and more scenarios (pipelining, HTTP, CPU work, long waits over 5,000
 *       connections, 10,000 idle, and the seeds' trade-offs: one ACT answered by many events, a chain of services,
 *       a downstream that never answers, a storm of connects by each connector), three rounds;
 *   <li>{@code ci}: a tiny matrix that proves the pipeline end to end in seconds, not a measurement;
 *   <li>{@code peers}: our servers beside the reference servers (Netty, Helidon, the JDK's HttpServer) over HTTP,
 *       the only protocol the references speak: GET /echo closed loop over 100 connections, the same open loop at
 *       10,000 req/s (each server's own CPU and context switches per request), and {@code /work?wait_us=1000}
 *       open loop at 5,000 req/s over 1,000 connections, as quick's work-wait; two rounds of 3 s windows, as quick,
 *       after 5 s warm-ups rather than 2: a library server has more code for the JIT to compile, and on two busy
 *       cores Netty still stalled for hundreds of milliseconds after 3 s of load (measured with wrk).
 * </ul>
 * Every profile but {@code peers} runs our servers only, unless {@code --servers} names references.
 */
public enum Profile {
    QUICK(Duration.ofSeconds(2), Duration.ofSeconds(3), 2, List.of(
            Scenario.echo(100),
            Scenario.echoCost(100, Scenario.ECHO_COST_RATE),
            Scenario.workWait("work-wait", 1_000, 1_000, 5_000),
            Scenario.workMixed(100, 2_000),
            Scenario.idleConnections(2_000))),
    FULL(Duration.ofSeconds(5), Duration.ofSeconds(15), 3, List.of(
            Scenario.echo(100),
            Scenario.echoCost(100, Scenario.ECHO_COST_RATE),
            Scenario.echoPipelined(100),
            Scenario.httpEcho(100),
            Scenario.workCpu(100, 100),
            Scenario.workWait("work-wait", 1_000, 1_000, 10_000),
            Scenario.workWait("work-wait-long", 5_000, 50_000, 20_000),
            Scenario.workMixed(100, 2_000),
            Scenario.idleConnections(10_000),
            Scenario.subscribe(1_000, 10, 2_000),
            Scenario.relay(100),
            Scenario.silentDownstream(1_000, 20_000),
            Scenario.connectStorm(Connector.Mode.SYNC, 1_000, 1_000),
            Scenario.connectStorm(Connector.Mode.ASYNC, 1_000, 1_000))),
    CI(Duration.ofMillis(500), Duration.ofSeconds(1), 1, List.of(
            Scenario.echo(10),
            Scenario.idleConnections(200))),
    PEERS(Duration.ofSeconds(5), Duration.ofSeconds(3), 2, List.of(
            Scenario.httpEcho(100),
            Scenario.httpEchoCost(100, Scenario.ECHO_COST_RATE),
            Scenario.httpWorkWait("http-work-wait", 1_000, 1_000, 5_000)));

    private final Duration warmup;
    private final Duration duration;
    private final int repeats;
    private final List<Scenario> scenarios;

    Profile(Duration warmup, Duration duration, int repeats, List<Scenario> scenarios) {
        this.warmup = warmup;
        this.duration = duration;
        this.repeats = repeats;
        this.scenarios = scenarios;
    }

    public Duration warmup() {
        return warmup;
    }

    public Duration duration() {
        return duration;
    }

    /**
     * How many times each cell runs unless {@code --repeat} says otherwise: enough for a range (2) where the
     * run must stay short, 3 for a median that one outlier cannot move, 1 for the smoke run (README,
     * "How much noise").
     */
    public int repeats() {
        return repeats;
    }

    public List<Scenario> scenarios() {
        return scenarios;
    }

    /** Whether the profile runs the reference servers too when {@code --servers} is not given. */
    public boolean includesReferences() {
        return this == PEERS;
    }

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
