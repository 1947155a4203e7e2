package dev.harness.transport;

import java.io.IOException;

/** In-memory pipes in one JVM: being written now. */
public final class MemTransport implements Transport {

    static final MemTransport INSTANCE = new MemTransport();

    private MemTransport() {
    }

    @Override
    public String name() {
        return "mem";
    }

    @Override
    public Listener listen(String host, int port, int backlog) throws IOException {
        throw new UnsupportedOperationException("mem: not yet");
    }

    @Override
    public Channel open() throws IOException {
        throw new UnsupportedOperationException("mem: not yet");
    }

    @Override
    public Poller openPoller() throws IOException {
        throw new UnsupportedOperationException("mem: not yet");
    }
}
