package dev.harness.proactor.server;

import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactory;
import java.io.IOException;

/** The {@code proactor-act} model: see {@link ProactorActServer}. */
public final class ProactorActServerFactory implements ServerFactory {

    @Override
    public String name() {
        return "proactor-act";
    }

    @Override
    public String description() {
        return "a Proactor with Asynchronous Completion Tokens: --loops event-loop threads (default one per core), "
                + "no thread per connection, timers for waits, out-of-order answers; CPU work runs on the loop";
    }

    @Override
    public Server start(ServerConfig config) throws IOException {
        return ProactorActServer.start(config);
    }
}
