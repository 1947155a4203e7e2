package dev.harness.reference;

import dev.harness.server.ServerConfig;
import dev.harness.service.ServiceHandlerFactory;

/** What every reference server shares at its edge: the listen backlog and the transports it can serve. */
public final class ReferenceServers {

    /** The listen backlog: the same as our servers', so that a burst of connects meets the same queue. */
    public static final int BACKLOG = 4096;

    private ReferenceServers() {
    }

    /**
     * Refuses a configuration a reference server cannot serve: the mem transport (its library opens kernel
     * sockets), a RELAY downstream (it serves {@code /echo} and {@code /work} only) and a handler other than
     * the built-in services ({@code --handler}: it runs its own HTTP handlers, not a {@code ServiceHandler}).
     *
     * @throws IllegalArgumentException saying what to use instead
     */
    public static void requireServable(String name, ServerConfig config) {
        if (!config.transport().name().equals("tcp")) {
            throw new IllegalArgumentException(name + " is a reference server: it serves HTTP over tcp only, not over "
                    + config.transport().name() + "; use --transport tcp, or one of our servers over mem");
        }
        if (config.downstream().isPresent()) {
            throw new IllegalArgumentException(name + " is a reference server: it serves GET /echo and /work only,"
                    + " not RELAY; drop --downstream");
        }
        if (!config.handler().handlers().equals(ServiceHandlerFactory.builtins())) {
            throw new IllegalArgumentException(name + " is a reference server: it runs its own HTTP handlers for"
                    + " GET /echo and /work, not a ServiceHandler, so it cannot run " + config.handler().handlers().name()
                    + "; drop --handler and --handler-jar, or choose one of our servers");
        }
    }
}
