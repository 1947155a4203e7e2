package dev.harness.proactor;

import dev.harness.conformance.HandlerContractTest;
import dev.harness.proactor.server.ProactorActServerFactory;
import dev.harness.transport.Transport;

/** The kit's protocol topics against {@code proactor-act} over tcp, with a handler that is not the built-in one. */
class ProactorActTcpHandlerTest extends HandlerContractTest {

    ProactorActTcpHandlerTest() {
        super(new ProactorActServerFactory(), Transport.tcp());
    }
}
