package dev.harness.reference.jdk;

import dev.harness.reference.ReferenceServerFactory;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import java.io.IOException;
import java.util.concurrent.Executors;

/** The {@code jdk-http-virtual} reference server: {@link JdkHttpServer} with a virtual thread per exchange. */
public final class JdkHttpVirtualServerFactory extends ReferenceServerFactory {

    @Override
    public String name() {
        return "jdk-http-virtual";
    }

    @Override
    public String description() {
        return "reference: the JDK's com.sun.net.httpserver, one dispatcher thread, each exchange on a virtual"
                + " thread of its own, waits as Thread.sleep; HTTP GET /echo and /work only";
    }

    @Override
    protected Server startServer(ServerConfig config) throws IOException {
        return JdkHttpServer.start(config, Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("jdk-http-v-", 0).factory()));
    }
}
