package dev.harness.vthreads;

import dev.harness.conformance.ServerContractTest;
import dev.harness.transport.Transport;

/**
 * The conformance kit against {@code virtual-threads} over tcp: one virtual thread per connection,
 * unmounted while its socket read waits.
 */
class VirtualThreadsTcpTest extends ServerContractTest {

    VirtualThreadsTcpTest() {
        super(new VirtualThreadsServerFactory(), Transport.tcp());
    }
}
