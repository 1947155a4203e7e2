package dev.harness.proactor;

import dev.harness.conformance.ServerContractTest;
import dev.harness.proactor.server.ProactorActServerFactory;
import dev.harness.transport.Transport;

/**
 * The conformance kit against {@code proactor-act} over mem: event loops dispatching completions by ACT,
 * woken by in-memory pollers.
 */
class ProactorActMemTest extends ServerContractTest {

    ProactorActMemTest() {
        super(new ProactorActServerFactory(), Transport.mem());
    }
}
