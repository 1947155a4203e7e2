package dev.harness.load;

import dev.harness.load.client.Protocol;
import dev.harness.load.client.RequestTemplate;
import dev.harness.load.client.Workload;
import dev.harness.load.connector.Connector;
import dev.harness.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every parameter of one load run. Immutable; built with {@link #builder}, which checks each value and
 * throws {@link IllegalArgumentException} with a one-line message naming the CLI option.
 *
 * @param target          the server, HOST:PORT
 * @param transport       how connections are made: {@code tcp} (the kernel's sockets) or {@code mem} (in-memory
 *                        pipes to a server in this JVM)
 * @param protocol        ACT frames or HTTP/1.1
 * @param workload        the service called
 * @param connections     connections opened before the run
 * @param inflight        requests outstanding per connection at most (closed loop: exactly)
 * @param threads         I/O threads, each with its own poller
 * @param rate            open loop: requests per second in total; 0 = closed loop
 * @param arrival         open loop: uniform or Poisson gaps
 * @param seed            the RNG seed of the Poisson schedule
 * @param warmup          excluded from results
 * @param duration        the measured window
 * @param timeout         an answer later than this counts as a timeout
 * @param timeLimit       the hard limit on the whole run, connecting included; past it the run stops, partial
 * @param connector       SYNC or ASYNC connection establishment
 * @param connectRate     connects per second at most; 0 = no limit
 * @param connectInFlight ASYNC: connects pending at once at most
 * @param sourceAddresses local addresses to spread connections over; empty = the system's choice
 * @param payloadBytes    ECHO / RELAY payload
 * @param cpuMicros       WORK cpu_us
 * @param waitMicros      WORK wait_us
 * @param waitMaxMicros   WORK: when over waitMicros, each request's wait_us is spread from waitMicros to this
 * @param replyBytes      WORK reply_bytes, SUBSCRIBE event_bytes
 * @param events          SUBSCRIBE count
 * @param intervalMicros  SUBSCRIBE interval_us
 * @param lateThreshold   a send later than this after its intended time counts as a late send
 * @param saturationLag   the generator's own schedule-lag p99 over this marks it saturated
 * @param maxPayloadBytes the largest answer payload accepted (ACT)
 * @param share           this generator's part of a load several run together ({@link Share#WHOLE}: all of it);
 *                        {@code connections}, {@code rate} and {@code sourceAddresses} are the whole load's
 * @param startAt         the wall-clock instant the warmup starts and the open-loop schedule counts from, once
 *                        every connection is open; null = as soon as they are
 * @param clockServer     an SNTP server to read this machine's clock offset from before the load; null = none
 * @param commandLine     the command that asked for this run, for the record
 */
public record LoadConfig(InetSocketAddress target, Transport transport, Protocol protocol, Workload workload,
                         int connections, int inflight, int threads, double rate, Arrival arrival, long seed, Duration warmup,
                         Duration duration, Duration timeout, Duration timeLimit, Connector.Mode connector,
                         double connectRate, int connectInFlight, List<InetAddress> sourceAddresses,
                         int payloadBytes, int cpuMicros, int waitMicros, int waitMaxMicros, int replyBytes, int events,
                         int intervalMicros, Duration lateThreshold, Duration saturationLag, int maxPayloadBytes,
                         Share share, Instant startAt, InetSocketAddress clockServer, List<String> commandLine) {

    /** Open-loop arrival process. */
    public enum Arrival { UNIFORM, POISSON }

    public LoadConfig {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(transport, "transport");
        sourceAddresses = List.copyOf(sourceAddresses);
        commandLine = List.copyOf(commandLine);
        check(connections >= 1, "--connections must be at least 1, got " + connections);
        check(inflight >= 1 && inflight <= 65536, "--inflight must be from 1 to 65536, got " + inflight);
        check(threads >= 1 && threads <= 1024, "--threads must be from 1 to 1024, got " + threads);
        Objects.requireNonNull(share, "share");
        check(threads <= share.connectionsOf(connections), "--threads (" + threads + ") cannot exceed --connections ("
                + connections + ")" + (share.of() == 1 ? "" : ", of which generator " + share.index() + " of " + share.of()
                + " opens " + share.connectionsOf(connections)));
        check(rate >= 0 && !Double.isInfinite(rate) && !Double.isNaN(rate), "--rate must be a positive number, got " + rate);
        check(!duration.isNegative() && !duration.isZero(), "--duration must be positive, got " + duration);
        check(!warmup.isNegative(), "--warmup cannot be negative");
        check(!timeout.isNegative() && !timeout.isZero(), "--timeout must be positive");
        check(!timeLimit.isNegative() && !timeLimit.isZero(), "--time-limit must be positive");
        check(connectRate >= 0, "--connect-rate cannot be negative");
        check(connectInFlight >= 1, "--connect-in-flight must be at least 1");
        check(sourceAddresses.isEmpty() || transport == Transport.tcp(),
                "--source-address is for --transport tcp: " + transport.name() + " has no addresses to spread over");
        check(payloadBytes >= 0 && cpuMicros >= 0 && waitMicros >= 0 && replyBytes >= 0 && intervalMicros >= 0,
                "workload parameters cannot be negative");
        check(waitMaxMicros == 0 || (waitMaxMicros >= waitMicros && protocol == Protocol.ACT && workload == Workload.WORK),
                "--wait-us-max needs --protocol act --workload work and must be at least --wait-us, got " + waitMaxMicros);
        check(events >= 1, "--events must be at least 1, got " + events);
        check(!(protocol == Protocol.HTTP && workload == Workload.RELAY && payloadBytes > 0),
                "--workload relay over HTTP relays GET /echo; --payload-bytes is for --protocol act");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** The connections this generator opens: its share of {@link #connections}. */
    public int ownConnections() {
        return share.connectionsOf(connections);
    }

    /** The source addresses this generator uses: its share of {@link #sourceAddresses}. */
    public List<InetAddress> ownSourceAddresses() {
        return share.addressesOf(sourceAddresses);
    }

    public boolean openLoop() {
        return rate > 0;
    }

    public RequestTemplate template() {
        return RequestTemplate.of(protocol, workload,
                new RequestTemplate.Params(payloadBytes, cpuMicros, waitMicros, waitMaxMicros, replyBytes, events, intervalMicros),
                target.getHostString() + ":" + target.getPort());
    }

    /** The default time limit: warmup + duration + one timeout (the drain) + 30 s for connecting. */
    public static Duration defaultTimeLimit(Duration warmup, Duration duration, Duration timeout) {
        return warmup.plus(duration).plus(timeout).plusSeconds(30);
    }

    /** Every parameter by the name of its CLI option (the {@code config} object of summary.json). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command_line", String.join(" ", commandLine));
        m.put("target", target.getHostString() + ":" + target.getPort());
        m.put("transport", transport.name());
        m.put("protocol", protocol.cliName());
        m.put("workload", workload.cliName());
        m.put("mode", openLoop() ? "open loop" : "closed loop");
        m.put("connections", connections);
        m.put("inflight", inflight);
        m.put("threads", threads);
        m.put("rate", rate);
        m.put("arrival", arrival.name().toLowerCase(java.util.Locale.ROOT));
        m.put("seed", seed);
        m.put("warmup_ms", warmup.toMillis());
        m.put("duration_ms", duration.toMillis());
        m.put("timeout_ms", timeout.toMillis());
        m.put("time_limit_ms", timeLimit.toMillis());
        m.put("connector", connector.name().toLowerCase(java.util.Locale.ROOT));
        m.put("connect_rate", connectRate);
        m.put("connect_in_flight", connectInFlight);
        m.put("source_addresses", sourceAddresses.stream().map(InetAddress::getHostAddress).toList());
        m.put("payload_bytes", payloadBytes);
        m.put("cpu_us", cpuMicros);
        m.put("wait_us", waitMicros);
        m.put("wait_us_max", waitMaxMicros);
        m.put("reply_bytes", replyBytes);
        m.put("events", events);
        m.put("interval_us", intervalMicros);
        m.put("late_threshold_us", lateThreshold.toNanos() / 1000);
        m.put("saturation_lag_us", saturationLag.toNanos() / 1000);
        m.put("max_payload_bytes", maxPayloadBytes);
        m.put("index", share.index());
        m.put("of", share.of());
        m.put("start_at", startAt == null ? null : startAt.toString());
        m.put("clock_server", clockServer == null ? null : clockServer.getHostString() + ":" + clockServer.getPort());
        return m;
    }

    public static Builder builder(InetSocketAddress target) {
        return new Builder(target);
    }

    /** Defaults: tcp, ACT echo, 100 connections, inflight 1, 1 thread, closed loop, 10 s, timeout 10 s, ASYNC connector. */
    public static final class Builder {
        private final InetSocketAddress target;
        private Transport transport = Transport.tcp();
        private Protocol protocol = Protocol.ACT;
        private Workload workload = Workload.ECHO;
        private int connections = 100;
        private int inflight = 1;
        private int threads = 1;
        private double rate;
        private Arrival arrival = Arrival.UNIFORM;
        private long seed = 42;
        private Duration warmup = Duration.ZERO;
        private Duration duration = Duration.ofSeconds(10);
        private Duration timeout = Duration.ofSeconds(10);
        private Duration timeLimit;
        private Connector.Mode connector = Connector.Mode.ASYNC;
        private double connectRate;
        private int connectInFlight = 1024;
        private List<InetAddress> sourceAddresses = List.of();
        private int payloadBytes;
        private int cpuMicros;
        private int waitMicros;
        private int waitMaxMicros;
        private int replyBytes = 16;
        private int events = 10;
        private int intervalMicros = 1000;
        private Duration lateThreshold = Duration.ofMillis(1);
        private Duration saturationLag = Duration.ofMillis(5);
        private int maxPayloadBytes = 64 << 20;
        private int index;
        private int of = 1;
        private Instant startAt;
        private InetSocketAddress clockServer;
        private List<String> commandLine = List.of();

        private Builder(InetSocketAddress target) {
            this.target = target;
        }

        public Builder transport(Transport v) { transport = v; return this; }
        public Builder protocol(Protocol v) { protocol = v; return this; }
        public Builder workload(Workload v) { workload = v; return this; }
        public Builder connections(int v) { connections = v; return this; }
        public Builder inflight(int v) { inflight = v; return this; }
        public Builder threads(int v) { threads = v; return this; }
        public Builder rate(double v) { rate = v; return this; }
        public Builder arrival(Arrival v) { arrival = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder warmup(Duration v) { warmup = v; return this; }
        public Builder duration(Duration v) { duration = v; return this; }
        public Builder timeout(Duration v) { timeout = v; return this; }
        public Builder timeLimit(Duration v) { timeLimit = v; return this; }
        public Builder connector(Connector.Mode v) { connector = v; return this; }
        public Builder connectRate(double v) { connectRate = v; return this; }
        public Builder connectInFlight(int v) { connectInFlight = v; return this; }
        public Builder sourceAddresses(List<InetAddress> v) { sourceAddresses = v; return this; }
        public Builder payloadBytes(int v) { payloadBytes = v; return this; }
        public Builder cpuMicros(int v) { cpuMicros = v; return this; }
        public Builder waitMicros(int v) { waitMicros = v; return this; }
        public Builder waitMaxMicros(int v) { waitMaxMicros = v; return this; }
        public Builder replyBytes(int v) { replyBytes = v; return this; }
        public Builder events(int v) { events = v; return this; }
        public Builder intervalMicros(int v) { intervalMicros = v; return this; }
        public Builder lateThreshold(Duration v) { lateThreshold = v; return this; }
        public Builder saturationLag(Duration v) { saturationLag = v; return this; }
        public Builder maxPayloadBytes(int v) { maxPayloadBytes = v; return this; }
        public Builder index(int v) { index = v; return this; }
        public Builder of(int v) { of = v; return this; }
        public Builder startAt(Instant v) { startAt = v; return this; }
        public Builder clockServer(InetSocketAddress v) { clockServer = v; return this; }
        public Builder commandLine(List<String> v) { commandLine = v; return this; }

        public LoadConfig build() {
            Duration limit = timeLimit != null ? timeLimit : defaultTimeLimit(warmup, duration, timeout);
            return new LoadConfig(target, transport, protocol, workload, connections, inflight, threads, rate, arrival, seed,
                    warmup, duration, timeout, limit, connector, connectRate, connectInFlight, sourceAddresses,
                    payloadBytes, cpuMicros, waitMicros, waitMaxMicros, replyBytes, events, intervalMicros, lateThreshold,
                    saturationLag, maxPayloadBytes, new Share(index, of), startAt, clockServer, commandLine);
        }
    }
}
