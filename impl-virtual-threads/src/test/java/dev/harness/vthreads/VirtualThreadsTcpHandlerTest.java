package dev.harness.vthreads;

import dev.harness.conformance.HandlerContractTest;
import dev.harness.transport.Transport;

/** The kit's protocol topics against {@code virtual-threads} over tcp, with a handler that is not the built-in one. */
class VirtualThreadsTcpHandlerTest extends HandlerContractTest {

    VirtualThreadsTcpHandlerTest() {
        super(new VirtualThreadsServerFactory(), Transport.tcp());
    }
}
