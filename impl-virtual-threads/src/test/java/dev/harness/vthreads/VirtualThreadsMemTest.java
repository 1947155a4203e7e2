package dev.harness.vthreads;

import dev.harness.conformance.ServerContractTest;
import dev.harness.transport.Transport;

/**
 * The conformance kit against {@code virtual-threads} over mem: one virtual thread per connection,
 * unmounted while it waits on an in-memory pipe. It holds 2,000 connections idle, each under 6 KiB of heap,
 * both ends and the parked virtual thread included. Measured at 1.7 KB with the connection loop compiled and
 * up to 3.6 KB on a busy machine, whose warm-up can end before the JIT has compiled the loop (interpreted
 * frames make the parked stack about twice as large): the bound leaves room above the worst seen, and a
 * buffer of the usual 8 KiB held per idle connection still exceeds it; a pooled read buffer held while idle
 * is caught by its own count.
 */
class VirtualThreadsMemTest extends ServerContractTest {

    VirtualThreadsMemTest() {
        super(new VirtualThreadsServerFactory(), Transport.mem(), IdleBudget.connections(2_000).heapBytesPerConnectionBelow(6_144));
    }
}
