package dev.harness.sync;

import dev.harness.conformance.HandlerContractTest;
import dev.harness.transport.Transport;

/** The kit's protocol topics against {@code sync-threads} over tcp, with a handler that is not the built-in one. */
class SyncThreadsTcpHandlerTest extends HandlerContractTest {

    SyncThreadsTcpHandlerTest() {
        super(new SyncThreadsServerFactory(), Transport.tcp());
    }
}
