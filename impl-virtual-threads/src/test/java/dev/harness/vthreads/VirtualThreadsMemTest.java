package dev.harness.vthreads;

import dev.harness.conformance.ServerContractTest;
import dev.harness.transport.Transport;

/**
 * The conformance kit against {@code virtual-threads} over mem: one virtual thread per connection,
 * unmounted while it waits on an in-memory pipe. It holds 2,000 connections idle, each under 4 KiB of heap,
 * both ends and the parked virtual thread included.
 */
class VirtualThreadsMemTest extends ServerContractTest {

    VirtualThreadsMemTest() {
        super(new VirtualThreadsServerFactory(), Transport.mem(), IdleBudget.connections(2_000).heapBytesPerConnectionBelow(4_096));
    }
}
