package dev.harness.reference.jdk;

import dev.harness.reference.ReferenceServerFactory;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import java.io.IOException;
import java.util.concurrent.Executors;

/**
 * The {@code jdk-http} reference server: {@link JdkHttpServer} on a fixed pool of {@value #POOL_THREADS}
 * platform threads, the default size of the best-known thread-pool server (Tomcat's {@code maxThreads}).
 */
public final class JdkHttpServerFactory extends ReferenceServerFactory {

    /** Tomcat's default {@code maxThreads}: what a pool-based Java server is most often run with. */
    static final int POOL_THREADS = 200;

    @Override
    public String name() {
        return "jdk-http";
    }

    @Override
    public String description() {
        return "reference: the JDK's com.sun.net.httpserver, one dispatcher thread, handlers on a pool of "
                + POOL_THREADS + " platform threads, waits as Thread.sleep; HTTP GET /echo and /work only";
    }

    @Override
    protected Server startServer(ServerConfig config) throws IOException {
        return JdkHttpServer.start(config, Executors.newFixedThreadPool(POOL_THREADS,
                Thread.ofPlatform().name("jdk-http-", 0).factory()));
    }
}
