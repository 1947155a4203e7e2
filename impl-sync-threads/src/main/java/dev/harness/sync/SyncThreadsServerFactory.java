package dev.harness.sync;

import dev.harness.blocking.BlockingServer;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactory;
import java.io.IOException;

/**
 * The {@code sync-threads} model: one platform thread per connection (an Acceptor thread plus a thread each), blocking reads and writes. It runs the shared {@link BlockingServer}; the only thing this
 * module decides is how a connection's thread is made.
 */
public final class SyncThreadsServerFactory implements ServerFactory {

    @Override
    public String name() {
        return "sync-threads";
    }

    @Override
    public String description() {
        return "one platform thread per connection (an Acceptor thread plus a thread each), blocking reads and writes";
    }

    @Override
    public Server start(ServerConfig config) throws IOException {
        return BlockingServer.start(config, Thread.ofPlatform().name("conn-", 0).daemon(true).factory());
    }
}
