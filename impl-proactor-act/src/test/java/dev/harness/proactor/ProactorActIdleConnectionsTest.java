package dev.harness.proactor;

import dev.harness.conformance.IdleConnectionsTest;
import dev.harness.proactor.server.ProactorActServerFactory;
import dev.harness.server.ServerFactory;

/**
 * Idle connections on {@code proactor-act}: 2,000 by default ({@code -Dproactor.idle.connections=N} for more),
 * and over {@code mem} less than 2 KB of heap each, both ends included: a registration and a few small
 * objects, no thread and no read buffer.
 */
class ProactorActIdleConnectionsTest extends IdleConnectionsTest {

    @Override
    protected ServerFactory factory() {
        return new ProactorActServerFactory();
    }

    @Override
    protected int connections() {
        return Integer.getInteger("proactor.idle.connections", 2_000);
    }

    @Override
    protected long maxHeapBytesPerIdleConnectionOverMem() {
        return 2_048;
    }
}
