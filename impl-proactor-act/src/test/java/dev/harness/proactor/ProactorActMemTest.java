package dev.harness.proactor;

import dev.harness.conformance.ServerContractTest;
import dev.harness.proactor.server.ProactorActServerFactory;
import dev.harness.transport.Transport;

/**
 * The conformance kit against {@code proactor-act} over mem: event loops dispatching completions by ACT,
 * woken by in-memory pollers. It holds 2,000 connections idle, each under 2 KiB of heap, both ends included:
 * a registration and a few small objects, no thread and no read buffer.
 */
class ProactorActMemTest extends ServerContractTest {

    ProactorActMemTest() {
        super(new ProactorActServerFactory(), Transport.mem(), IdleBudget.connections(2_000).heapBytesPerConnectionBelow(2_048));
    }
}
