package dev.harness.reference;

import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactory;
import java.io.IOException;

/**
 * What every reference server's factory shares: it says {@link #reference()}, and refuses what a reference
 * cannot serve ({@link ReferenceServers#requireServable}) before its server starts.
 */
public abstract class ReferenceServerFactory implements ServerFactory {

    @Override
    public final boolean reference() {
        return true;
    }

    @Override
    public final Server start(ServerConfig config) throws IOException {
        ReferenceServers.requireServable(name(), config);
        return startServer(config);
    }

    /** Starts the server on a configuration it can serve. */
    protected abstract Server startServer(ServerConfig config) throws IOException;
}
