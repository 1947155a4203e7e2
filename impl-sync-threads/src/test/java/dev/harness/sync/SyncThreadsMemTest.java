package dev.harness.sync;

import dev.harness.conformance.ServerContractTest;
import dev.harness.transport.Transport;

/**
 * The conformance kit against {@code sync-threads} over mem: one platform thread per connection, parked on
 * an in-memory pipe. It holds 200 connections idle: each thread takes one of the machine's pids; the heap
 * per idle connection is printed only, since a platform thread's stack is native memory, outside it.
 */
class SyncThreadsMemTest extends ServerContractTest {

    SyncThreadsMemTest() {
        super(new SyncThreadsServerFactory(), Transport.mem(), IdleBudget.connections(200));
    }
}
