package dev.harness.sync;

import dev.harness.conformance.ServerContractTest;
import dev.harness.transport.Transport;

/**
 * The conformance kit against {@code sync-threads} over mem: one platform thread per connection, parked on
 * an in-memory pipe.
 */
class SyncThreadsMemTest extends ServerContractTest {

    SyncThreadsMemTest() {
        super(new SyncThreadsServerFactory(), Transport.mem());
    }
}
