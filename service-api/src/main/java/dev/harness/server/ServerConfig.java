package dev.harness.server;

import dev.harness.service.Limits;
import dev.harness.transport.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What every server model is started with.
 *
 * @param host              the address to bind, e.g. {@code 127.0.0.1}
 * @param port              the port to bind; 0 lets the system choose
 * @param downstream        where RELAY sends its inner requests; empty answers RELAY with ERROR
 * @param limits            protocol and service limits
 * @param eventLoops        event-loop threads for models that have them; 0 means one per core
 * @param downstreamTimeout how long a RELAY waits for its downstream before it answers ERROR
 * @param headerTimeout     how long a request's header (HTTP request line and header section; the 16-byte
 *                          ACT frame header) may take to arrive once its first byte has: over it the server
 *                          answers {@code 408} / an ERROR frame with act 0 and closes; {@link Duration#ZERO}
 *                          means never
 * @param idleTimeout       how long a connection may stay silent while no request of it is in progress
 *                          (between requests, or in the middle of a body): over it the server closes it
 *                          without an answer; {@link Duration#ZERO} means never
 * @param writeTimeout      how long a connection's pending output may go without a byte written (a client
 *                          that does not read): over it the server closes the connection;
 *                          {@link Duration#ZERO} means never
 * @param maxOutputBytes    bytes held for output across all connections ({@link OutputBudget}): over it the
 *                          server stops taking requests from the connections that hold output and closes the
 *                          one that holds most without reading
 * @param maxConnections    connections served at once; one more is refused politely: its first byte is
 *                          answered with an ERROR frame with act 0 or {@code 503} and
 *                          {@code Connection: close}, then it is closed
 * @param transport         how connections are made: {@code tcp} (the kernel's sockets) or {@code mem}
 *                          (in-memory pipes in this JVM); RELAY's downstream is reached over it too
 */
public record ServerConfig(String host, int port, Optional<InetSocketAddress> downstream, Limits limits,
                           int eventLoops, Duration downstreamTimeout,
                           Duration headerTimeout, Duration idleTimeout, Duration writeTimeout, long maxOutputBytes,
                           int maxConnections, Transport transport) {

    public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * Half the idle timeout: the timeout counts from the last byte written, so a client that reads at all,
     * however slowly, never meets it; one that never reads gives back its thread and its output after 30 s
     * instead of never, three times sooner than a load generator's slowest answers are waited for.
     */
    public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 10_000;
    /** {@link #defaultMaxOutputBytes()}'s share of the heap. */
    public static final int HEAP_SHARE_FOR_OUTPUT = 4;
    public static final Duration DEFAULT_DOWNSTREAM_TIMEOUT = Duration.ofSeconds(10);

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(downstream, "downstream");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(downstreamTimeout, "downstreamTimeout");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(writeTimeout, "writeTimeout");
        Objects.requireNonNull(transport, "transport");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (eventLoops < 0) {
            throw new IllegalArgumentException("eventLoops must be >= 0, got " + eventLoops);
        }
        if (headerTimeout.isNegative() || idleTimeout.isNegative() || writeTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must be >= 0 (0 = never), got header " + headerTimeout
                    + ", idle " + idleTimeout + ", write " + writeTimeout);
        }
        if (maxOutputBytes < 1) {
            throw new IllegalArgumentException("maxOutputBytes must be >= 1, got " + maxOutputBytes);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, got " + maxConnections);
        }
    }

    /**
     * Loopback, a port the system chooses, no downstream, default limits, a 10 s header timeout, a 60 s idle
     * timeout, a 30 s write timeout, {@link #defaultMaxOutputBytes()} of output, at most 10,000 connections,
     * over tcp.
     */
    public static ServerConfig loopback() {
        return new ServerConfig("127.0.0.1", 0, Optional.empty(), Limits.defaults(), 0, DEFAULT_DOWNSTREAM_TIMEOUT,
                DEFAULT_HEADER_TIMEOUT, DEFAULT_IDLE_TIMEOUT, DEFAULT_WRITE_TIMEOUT, defaultMaxOutputBytes(),
                DEFAULT_MAX_CONNECTIONS, Transport.tcp());
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, downstream, limits, eventLoops, downstreamTimeout,
                headerTimeout, idleTimeout, writeTimeout, maxOutputBytes, maxConnections, transport);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, downstream, limits, eventLoops, downstreamTimeout,
                headerTimeout, idleTimeout, writeTimeout, maxOutputBytes, maxConnections, transport);
    }

    public ServerConfig withDownstream(InetSocketAddress address) {
        return new ServerConfig(host, port, Optional.of(address), limits, eventLoops, downstreamTimeout,
                headerTimeout, idleTimeout, writeTimeout, maxOutputBytes, maxConnections, transport);
    }

    public ServerConfig withLimits(Limits newLimits) {
        return new ServerConfig(host, port, downstream, newLimits, eventLoops, downstreamTimeout,
                headerTimeout, idleTimeout, writeTimeout, maxOutputBytes, maxConnections, transport);
    }

    public ServerConfig withEventLoops(int loops) {
        return new ServerConfig(host, port, downstream, limits, loops, downstreamTimeout,
                headerTimeout, idleTimeout, writeTimeout, maxOutputBytes, maxConnections, transport);
    }

    public ServerConfig withDownstreamTimeout(Duration timeout) {
        return new ServerConfig(host, port, downstream, limits, eventLoops, timeout,
                headerTimeout, idleTimeout, writeTimeout, maxOutputBytes, maxConnections, transport);
    }

    public ServerConfig withHeaderTimeout(Duration timeout) {
        return new ServerConfig(host, port, downstream, limits, eventLoops, downstreamTimeout,
                timeout, idleTimeout, writeTimeout, maxOutputBytes, maxConnections, transport);
    }

    public ServerConfig withIdleTimeout(Duration timeout) {
        return new ServerConfig(host, port, downstream, limits, eventLoops, downstreamTimeout,
                headerTimeout, timeout, writeTimeout, maxOutputBytes, maxConnections, transport);
    }

    public ServerConfig withWriteTimeout(Duration timeout) {
        return new ServerConfig(host, port, downstream, limits, eventLoops, downstreamTimeout,
                headerTimeout, idleTimeout, timeout, maxOutputBytes, maxConnections, transport);
    }

    public ServerConfig withMaxOutputBytes(long max) {
        return new ServerConfig(host, port, downstream, limits, eventLoops, downstreamTimeout,
                headerTimeout, idleTimeout, writeTimeout, max, maxConnections, transport);
    }

    public ServerConfig withMaxConnections(int max) {
        return new ServerConfig(host, port, downstream, limits, eventLoops, downstreamTimeout,
                headerTimeout, idleTimeout, writeTimeout, maxOutputBytes, max, transport);
    }

    public ServerConfig withTransport(Transport newTransport) {
        return new ServerConfig(host, port, downstream, limits, eventLoops, downstreamTimeout,
                headerTimeout, idleTimeout, writeTimeout, maxOutputBytes, maxConnections, newTransport);
    }

    /**
     * How often a server checks its connections' header, idle and write deadlines: an eighth of the shortest
     * timeout, from 10 to 250 ms (250 ms with the defaults; 250 ms when all are 0). A timeout fires up to
     * one interval late.
     */
    public long timeoutCheckIntervalNanos() {
        long shortest = Long.MAX_VALUE;
        for (Duration d : new Duration[] {headerTimeout, idleTimeout, writeTimeout}) {
            if (!d.isZero()) {
                shortest = Math.min(shortest, d.toNanos());
            }
        }
        long interval = shortest == Long.MAX_VALUE ? Long.MAX_VALUE : shortest / 8;
        return Math.clamp(interval, 10_000_000L, 250_000_000L);
    }

    /**
     * A quarter of this JVM's maximum heap (512 MiB in the 2 GB heap {@code harness run} gives a server): an
     * output buffer grows by doubling, so what it holds may take up to twice as much heap; a quarter held is
     * at most half the heap, leaving the other half to the connections themselves, the services and the
     * collector's headroom.
     */
    public static long defaultMaxOutputBytes() {
        return Runtime.getRuntime().maxMemory() / HEAP_SHARE_FOR_OUTPUT;
    }

    /** This server's {@link OutputBudget}: one per server, shared by all its connections. */
    public OutputBudget newOutputBudget() {
        return new OutputBudget(maxOutputBytes);
    }

    /** What every model answers a connection over {@link #maxConnections()} with, before it closes it. */
    public String refusalMessage() {
        return "too many connections: this server serves at most " + maxConnections
                + " at once (--max-connections); try again later";
    }

    /** {@link #eventLoops()} with 0 resolved to the number of available processors. */
    public int resolvedEventLoops() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }
}
