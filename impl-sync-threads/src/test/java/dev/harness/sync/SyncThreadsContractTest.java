package dev.harness.sync;

import dev.harness.conformance.ServerContractTest;
import dev.harness.server.ServerFactory;

/** The conformance kit run against {@code sync-threads}: one platform thread per connection. */
class SyncThreadsContractTest extends ServerContractTest {

    @Override
    protected ServerFactory factory() {
        return new SyncThreadsServerFactory();
    }
}
