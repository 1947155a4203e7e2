package dev.harness.vthreads;

import dev.harness.blocking.BlockingServer;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactory;
import java.io.IOException;

/**
 * The {@code virtual-threads} model: one virtual thread per connection running the same blocking loop; a blocked
 * read or wait unmounts from its carrier. It runs the shared {@link BlockingServer}; the only thing this module
 * decides is how a connection's thread is made. Every connection's thread is named {@code vconn}: a counter in the
 * name ({@code vconn-N}) would cost each connection a String of its own, about 57 bytes of the 1.3 KB an idle
 * connection holds at a million ({@code jcmd GC.class_histogram}; docs/million-connections.md), and a thread dump
 * tells virtual threads apart by their ids anyway.
 */
public final class VirtualThreadsServerFactory implements ServerFactory {

    @Override
    public String name() {
        return "virtual-threads";
    }

    @Override
    public String description() {
        return "one virtual thread per connection running the same blocking loop; a blocked read or wait unmounts from its carrier";
    }

    @Override
    public Server start(ServerConfig config) throws IOException {
        return BlockingServer.start(config, Thread.ofVirtual().name("vconn").factory());
    }
}
