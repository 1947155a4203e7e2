package dev.harness.sync;

import dev.harness.conformance.ServerContractTest;
import dev.harness.transport.Transport;

/**
 * The conformance kit against {@code sync-threads} over tcp: one platform thread per connection, blocked in
 * its socket read.
 */
class SyncThreadsTcpTest extends ServerContractTest {

    SyncThreadsTcpTest() {
        super(new SyncThreadsServerFactory(), Transport.tcp());
    }
}
