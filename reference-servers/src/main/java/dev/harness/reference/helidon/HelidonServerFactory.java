package dev.harness.reference.helidon;

import dev.harness.reference.ReferenceServers;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactory;
import java.io.IOException;

/** The {@code helidon} reference server: see {@link HelidonServer}. */
public final class HelidonServerFactory implements ServerFactory {

    @Override
    public String name() {
        return "helidon";
    }

    @Override
    public String description() {
        return "reference: Helidon " + io.helidon.common.Version.VERSION + " SE WebServer, a virtual thread per"
                + " connection, waits as Thread.sleep; HTTP GET /echo and /work only";
    }

    @Override
    public boolean reference() {
        return true;
    }

    @Override
    public Server start(ServerConfig config) throws IOException {
        ReferenceServers.requireTcp(name(), config);
        return HelidonServer.start(config);
    }
}
