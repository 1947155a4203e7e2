package dev.harness.transport;

import java.io.IOException;
import java.net.InetSocketAddress;

/** A bound server endpoint of a {@link Transport}: the Acceptor's passive-mode endpoint. */
public non-sealed interface Listener extends Selectable {

    /** The bound address; with port 0 requested, the port the transport chose. */
    InetSocketAddress localAddress();

    /**
     * Accepts one connection: in blocking mode, waits for it; in non-blocking mode, null when none waits.
     * The accepted channel is in blocking mode; over tcp it has {@code TCP_NODELAY} set.
     */
    Channel accept() throws IOException;
}
