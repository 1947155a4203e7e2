package dev.harness.sync;

import dev.harness.conformance.ServerContractTest;
import dev.harness.transport.Transport;

/**
 * The conformance kit against {@code sync-threads} over tcp: one platform thread per connection, blocked in
 * its socket read. It holds 200 connections idle: each thread takes one of the machine's pids.
 */
class SyncThreadsTcpTest extends ServerContractTest {

    SyncThreadsTcpTest() {
        super(new SyncThreadsServerFactory(), Transport.tcp(), IdleBudget.connections(200));
    }
}
