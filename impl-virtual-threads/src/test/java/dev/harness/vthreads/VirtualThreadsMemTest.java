package dev.harness.vthreads;

import dev.harness.conformance.ServerContractTest;
import dev.harness.transport.Transport;

/**
 * The conformance kit against {@code virtual-threads} over mem: one virtual thread per connection,
 * unmounted while it waits on an in-memory pipe.
 */
class VirtualThreadsMemTest extends ServerContractTest {

    VirtualThreadsMemTest() {
        super(new VirtualThreadsServerFactory(), Transport.mem());
    }
}
