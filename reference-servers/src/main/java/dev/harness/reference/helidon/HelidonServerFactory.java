package dev.harness.reference.helidon;

import dev.harness.reference.ReferenceServerFactory;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import java.io.IOException;

/** The {@code helidon} reference server: see {@link HelidonServer}. */
public final class HelidonServerFactory extends ReferenceServerFactory {

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
    protected Server startServer(ServerConfig config) throws IOException {
        return HelidonServer.start(config);
    }
}
