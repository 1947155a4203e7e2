package dev.harness.sync;

import dev.harness.conformance.HandlerContractTest;
import dev.harness.transport.Transport;

/** The kit's protocol topics against {@code sync-threads} over mem, with a handler that is not the built-in one. */
class SyncThreadsMemHandlerTest extends HandlerContractTest {

    SyncThreadsMemHandlerTest() {
        super(new SyncThreadsServerFactory(), Transport.mem());
    }
}
