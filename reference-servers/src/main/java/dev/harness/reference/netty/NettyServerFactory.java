package dev.harness.reference.netty;

import dev.harness.reference.ReferenceServerFactory;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import io.netty.util.Version;
import java.io.IOException;

/** The {@code netty} reference server: see {@link NettyServer}. */
public final class NettyServerFactory extends ReferenceServerFactory {

    @Override
    public String name() {
        return "netty";
    }

    @Override
    public String description() {
        return "reference: Netty " + Version.identify().get("netty-codec-http").artifactVersion() + " over NIO, --loops event loops (default one per"
                + " core) that accept and serve, waits as loop timers; HTTP GET /echo and /work only";
    }

    @Override
    protected Server startServer(ServerConfig config) throws IOException {
        return NettyServer.start(config);
    }
}
