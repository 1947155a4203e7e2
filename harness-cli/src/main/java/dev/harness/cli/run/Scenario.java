package dev.harness.cli.run;

import dev.harness.load.LoadConfig;
import dev.harness.load.client.Protocol;
import dev.harness.load.client.Workload;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * One scenario of the comparison matrix: either a load (the generator drives the server and the server's
 * costs are read around the measurement window) or idle connections (opened, held, and the server's memory
 * and threads read per connection).
 *
 * @param name        what {@code --scenarios} takes, and the result folder's name
 * @param idle        true for an idle-connections scenario
 * @param connections connections opened (overridden by {@code --connections})
 * @param what        what the load is, without the connection count, for the report
 * @param load        the load's parameters beyond target, connections and timing; unused when idle
 */
public record Scenario(String name, boolean idle, int connections, String what,
                       UnaryOperator<LoadConfig.Builder> load) {

    /** ECHO of 16 bytes over ACT frames, closed loop, one request in flight per connection. */
    static Scenario echo(int connections) {
        return new Scenario("echo", false, connections, "ECHO 16 B over ACT frames, closed loop, 1 in flight",
                b -> b.protocol(Protocol.ACT).workload(Workload.ECHO).payloadBytes(16).inflight(1));
    }

    /** ECHO over ACT frames with 16 requests in flight per connection: answers may come out of order. */
    static Scenario echoPipelined(int connections) {
        return new Scenario("echo-pipelined", false, connections,
                "ECHO 16 B over ACT frames, closed loop, 16 in flight (out-of-order answers allowed)",
                b -> b.protocol(Protocol.ACT).workload(Workload.ECHO).payloadBytes(16).inflight(16));
    }

    /** GET /echo over HTTP/1.1 keep-alive, closed loop: what wrk measures. */
    static Scenario httpEcho(int connections) {
        return new Scenario("http-echo", false, connections, "GET /echo over HTTP/1.1 keep-alive, closed loop",
                b -> b.protocol(Protocol.HTTP).workload(Workload.ECHO).inflight(1));
    }

    /** WORK that burns CPU on the server's handler thread, closed loop. */
    static Scenario workCpu(int connections, int cpuMicros) {
        return new Scenario("work-cpu", false, connections, "WORK cpu_us=" + cpuMicros + ", closed loop",
                b -> b.protocol(Protocol.ACT).workload(Workload.WORK).cpuMicros(cpuMicros).replyBytes(64).inflight(1));
    }

    /** WORK that waits in the server's model, open loop at a fixed rate: latency from the intended send time. */
    static Scenario workWait(String name, int connections, int waitMicros, double rate) {
        return new Scenario(name, false, connections,
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
        return new Scenario("work-mixed", false, connections,
                "WORK wait_us spread 0.." + waitMaxMicros + " over ACT frames, closed loop, 16 in flight",
                b -> b.protocol(Protocol.ACT).workload(Workload.WORK).waitMicros(0).waitMaxMicros(waitMaxMicros)
                        .replyBytes(64).inflight(16));
    }

    /** Idle connections: opened, held, and the server's RSS and threads read per connection. */
    static Scenario idle(int connections) {
        return new Scenario("idle", true, connections, "idle connections: memory and threads per connection",
                UnaryOperator.identity());
    }

    /** What the scenario is, with its connection count. */
    public String description() {
        return what + ", " + connections + " connections";
    }

    /** This scenario with another connection count (the {@code --connections} override). */
    public Scenario withConnections(int count) {
        return new Scenario(name, idle, count, what, load);
    }

    /** The generator's configuration for this scenario against {@code target}. */
    LoadConfig loadConfig(InetSocketAddress target, Duration warmup, Duration duration, List<String> commandLine) {
        Duration timeout = Duration.ofSeconds(5);
        LoadConfig.Builder builder = LoadConfig.builder(target)
                .connections(connections)
                .threads(1)
                .warmup(warmup)
                .duration(duration)
                .timeout(timeout)
                .timeLimit(LoadConfig.defaultTimeLimit(warmup, duration, timeout))
                .commandLine(commandLine);
        return load.apply(builder).build();
    }
}
