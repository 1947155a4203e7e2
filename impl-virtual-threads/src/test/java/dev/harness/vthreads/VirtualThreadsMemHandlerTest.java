package dev.harness.vthreads;

import dev.harness.conformance.HandlerContractTest;
import dev.harness.transport.Transport;

/** The kit's protocol topics against {@code virtual-threads} over mem, with a handler that is not the built-in one. */
class VirtualThreadsMemHandlerTest extends HandlerContractTest {

    VirtualThreadsMemHandlerTest() {
        super(new VirtualThreadsServerFactory(), Transport.mem());
    }
}
