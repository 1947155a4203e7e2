package dev.harness.vthreads;

import dev.harness.conformance.ServerContractTest;
import dev.harness.transport.Transport;

/**
 * The conformance kit against {@code virtual-threads} over mem: one virtual thread per connection,
 * unmounted while it waits on an in-memory pipe. It holds 2,000 connections idle, each under 8 KiB of heap,
 * both ends and the parked virtual thread included. Measured at 3.0-3.6 KB once the JIT has compiled the
 * connection loop; on a busy machine the warm-up may end before it has, and interpreted frames make the
 * parked stack about twice as large, so the bound leaves that room. A buffer of the usual 8 KiB held per
 * idle connection still exceeds it; a pooled read buffer held while idle is caught by its own count.
 */
class VirtualThreadsMemTest extends ServerContractTest {

    VirtualThreadsMemTest() {
        super(new VirtualThreadsServerFactory(), Transport.mem(), IdleBudget.connections(2_000).heapBytesPerConnectionBelow(8_192));
    }
}
