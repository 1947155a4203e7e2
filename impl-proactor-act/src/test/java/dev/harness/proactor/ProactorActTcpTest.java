package dev.harness.proactor;

import dev.harness.conformance.ServerContractTest;
import dev.harness.proactor.server.ProactorActServerFactory;
import dev.harness.transport.Transport;

/**
 * The conformance kit against {@code proactor-act} over tcp: event loops dispatching completions by ACT,
 * woken by epoll.
 */
class ProactorActTcpTest extends ServerContractTest {

    ProactorActTcpTest() {
        super(new ProactorActServerFactory(), Transport.tcp());
    }
}
