package dev.harness.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * How bytes travel between a client and a server: {@code tcp} (the kernel's loopback sockets) or
 * {@code mem} (in-memory pipes in one JVM). Every server model and the load generator open their
 * listeners, connections and pollers here, so a model runs unchanged on either.
 *
 * <p>The shapes follow {@code java.nio}: a {@link Listener} accepts {@link Channel}s, a channel is either
 * blocking (the thread models: a read parks the calling thread) or registered with a {@link Poller} (the
 * proactor and the generator: readiness is reported to one event-loop thread), and a {@link Key} is a
 * registration. Costs of the tcp transport are those of {@code java.nio} plus one small object per
 * registration; the mem transport's are in {@link MemTransport}.
 */
public interface Transport {

    /** The name users type after {@code --transport}. */
    String name();

    /** Binds a listener in blocking mode; port 0 lets the transport choose. */
    Listener listen(String host, int port, int backlog) throws IOException;

    /** An unconnected channel in blocking mode, for {@link Channel#bind} and {@link Channel#connect}. */
    Channel open() throws IOException;

    /** Opens a channel and connects it, blocking until it is established. */
    default Channel connect(InetSocketAddress remote) throws IOException {
        Channel channel = open();
        try {
            channel.connect(remote);
            return channel;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A new poller for one event-loop thread. */
    Poller openPoller() throws IOException;

    /** The transport called {@code name}. */
    static Transport byName(String name) {
        return switch (name) {
            case "tcp" -> TcpTransport.INSTANCE;
            case "mem" -> MemTransport.INSTANCE;
            default -> throw new IllegalArgumentException("unknown transport '" + name + "': choose one of " + names());
        };
    }

    /** The names {@link #byName} knows. */
    static List<String> names() {
        return List.of("tcp", "mem");
    }

    /** The default transport: the kernel's. */
    static Transport tcp() {
        return TcpTransport.INSTANCE;
    }

    /** The in-memory transport of this JVM. */
    static Transport mem() {
        return MemTransport.INSTANCE;
    }
}
