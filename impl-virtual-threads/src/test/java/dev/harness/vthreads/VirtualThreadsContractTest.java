package dev.harness.vthreads;

import dev.harness.conformance.ServerContractTest;
import dev.harness.server.ServerFactory;

/** The conformance kit run against {@code virtual-threads}: one virtual thread per connection. */
class VirtualThreadsContractTest extends ServerContractTest {

    @Override
    protected ServerFactory factory() {
        return new VirtualThreadsServerFactory();
    }
}
