package dev.harness.server;

import java.io.IOException;

/**
 * The server SPI: one implementation per concurrency model, found by {@link java.util.ServiceLoader}
 * (see {@link ServerFactories}). A new model is one module with a factory and one line in
 * {@code META-INF/services/dev.harness.server.ServerFactory}.
 */
public interface ServerFactory {

    /** The name users type after {@code --server}, e.g. {@code sync-threads}. */
    String name();

    /** One line for {@code --help}: the model and what it costs. */
    String description();

    /**
     * Whether this is a reference server: a well-known server of one of the models (Netty, Helidon, the JDK's
     * HttpServer), measured beside ours so that a reader can tell a model's cost from its author's. A reference
     * serves HTTP {@code GET /echo} and {@code /work} over tcp only, in its own code rather than through our
     * {@code ServiceHandler}: no ACT frames, no SUBSCRIBE or RELAY, no mem transport. Reports mark it.
     */
    default boolean reference() {
        return false;
    }

    /**
     * Binds, starts accepting and returns once the server answers requests.
     *
     * @throws IOException when the address cannot be bound
     */
    Server start(ServerConfig config) throws IOException;
}
