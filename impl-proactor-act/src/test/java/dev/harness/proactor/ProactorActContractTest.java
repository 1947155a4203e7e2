package dev.harness.proactor;

import dev.harness.conformance.ServerContractTest;
import dev.harness.proactor.server.ProactorActServerFactory;
import dev.harness.server.ServerFactory;

/** The conformance kit run against {@code proactor-act}: event loops dispatching completions by ACT. */
class ProactorActContractTest extends ServerContractTest {

    @Override
    protected ServerFactory factory() {
        return new ProactorActServerFactory();
    }
}
