package dev.harness.sync;

import dev.harness.conformance.IdleConnectionsTest;
import dev.harness.server.ServerFactory;

/**
 * Idle connections on {@code sync-threads}: 200 platform threads by default ({@code -Dsync.idle.connections=N};
 * mind that every thread takes one of the machine's pids). The heap figure is printed only: a platform
 * thread's stack is native memory, outside it.
 */
class SyncThreadsIdleConnectionsTest extends IdleConnectionsTest {

    @Override
    protected ServerFactory factory() {
        return new SyncThreadsServerFactory();
    }

    @Override
    protected int connections() {
        return Integer.getInteger("sync.idle.connections", 200);
    }
}
