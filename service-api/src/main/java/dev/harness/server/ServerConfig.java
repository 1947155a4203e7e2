package dev.harness.server;

import dev.harness.protocol.Limits;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What every server model is started with.
 *
 * @param host            the address to bind, e.g. {@code 127.0.0.1}
 * @param port            the port to bind; 0 lets the system choose
 * @param downstream      where RELAY sends its inner requests; empty answers RELAY with ERROR
 * @param limits          protocol and service limits
 * @param eventLoops      event-loop threads for models that have them; 0 means one per core
 * @param downstreamTimeout how long a RELAY waits for its downstream before it answers ERROR
 */
public record ServerConfig(String host, int port, Optional<InetSocketAddress> downstream, Limits limits,
                           int eventLoops, Duration downstreamTimeout) {

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(downstream, "downstream");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(downstreamTimeout, "downstreamTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        if (eventLoops < 0) {
            throw new IllegalArgumentException("eventLoops must be >= 0, got " + eventLoops);
        }
    }

    /** Loopback, a port the system chooses, no downstream, default limits. */
    public static ServerConfig loopback() {
        return new ServerConfig("127.0.0.1", 0, Optional.empty(), Limits.defaults(), 0, Duration.ofSeconds(10));
    }

    public ServerConfig withHost(String newHost) {
        return new ServerConfig(newHost, port, downstream, limits, eventLoops, downstreamTimeout);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, downstream, limits, eventLoops, downstreamTimeout);
    }

    public ServerConfig withDownstream(InetSocketAddress address) {
        return new ServerConfig(host, port, Optional.of(address), limits, eventLoops, downstreamTimeout);
    }

    public ServerConfig withLimits(Limits newLimits) {
        return new ServerConfig(host, port, downstream, newLimits, eventLoops, downstreamTimeout);
    }

    public ServerConfig withEventLoops(int loops) {
        return new ServerConfig(host, port, downstream, limits, loops, downstreamTimeout);
    }

    public ServerConfig withDownstreamTimeout(Duration timeout) {
        return new ServerConfig(host, port, downstream, limits, eventLoops, timeout);
    }

    /** {@link #eventLoops()} with 0 resolved to the number of available processors. */
    public int resolvedEventLoops() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }
}
