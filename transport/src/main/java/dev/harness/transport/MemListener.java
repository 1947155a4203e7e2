package dev.harness.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * A mem listener: a port in this JVM's {@link MemTransport} and an unbounded queue of connected server ends
 * waiting to be accepted (a client's connect completes at once, as a loopback handshake does before
 * {@code accept}). One thread accepts at a time.
 */
final class MemListener extends MemEndpoint implements Listener {

    private final int port;
    private final InetSocketAddress address;
    private final ConcurrentLinkedQueue<MemChannel> backlog = new ConcurrentLinkedQueue<>();
    private volatile Thread acceptWaiter;

    MemListener(int port, InetSocketAddress address) {
        this.port = port;
        this.address = address;
    }

    int port() {
        return port;
    }

    @Override
    public InetSocketAddress localAddress() {
        return address;
    }

    /** A client connects: its server end joins the backlog. */
    void enqueue(MemChannel client) throws IOException {
        if (!open) {
            throw new java.net.ConnectException("Connection refused: the mem listener on port " + port + " is closed");
        }
        MemChannel server = MemChannel.pair(client, port);
        backlog.add(server);
        if (!open && backlog.remove(server)) {
            server.close();
        }
        Thread waiter = acceptWaiter;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
        signal(Key.OP_ACCEPT);
    }

    @Override
    public Channel accept() throws IOException {
        boolean waited = false;
        while (true) {
            MemChannel channel = backlog.poll();
            if (channel != null) {
                return channel;
            }
            if (!open) {
                throw MemPipe.closed(waited);
            }
            if (!isBlocking()) {
                return null;
            }
            acceptWaiter = Thread.currentThread();
            if (backlog.isEmpty() && open) {
                LockSupport.park(this);
                waited = true;
            }
            acceptWaiter = null;
            if (Thread.currentThread().isInterrupted()) {
                close();
                throw new java.nio.channels.ClosedByInterruptException();
            }
        }
    }

    @Override
    int readyOps() {
        return backlog.isEmpty() && open ? 0 : Key.OP_ACCEPT;
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        MemTransport.INSTANCE.unbind(this);
        Thread waiter = acceptWaiter;
        if (waiter != null) {
            LockSupport.unpark(waiter);
        }
        cancelKey();
        MemChannel pending;
        while ((pending = backlog.poll()) != null) {
            pending.close();
        }
    }

    @Override
    public String toString() {
        return "mem listener on port " + port + (open ? "" : " (closed)");
    }
}
