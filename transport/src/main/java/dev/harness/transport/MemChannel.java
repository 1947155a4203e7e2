package dev.harness.transport;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.NotYetConnectedException;

/**
 * One end of a mem connection: it reads from one {@link MemPipe} and writes into the other, which its peer
 * reads. Costs about a hundred bytes per end, and nothing else while idle.
 */
final class MemChannel extends MemEndpoint implements Channel {

    private MemPipe in;
    private MemPipe out;
    private int port;
    private boolean serverSide;
    /** Over a delayed link: the connect's round trip has ended (connected, or failed with {@link #connectFailure}). */
    private volatile boolean linked = true;
    private volatile IOException connectFailure;

    /** An unconnected client end. */
    MemChannel() {
    }

    /** Connects {@code client} to a new server end on {@code port}; returns the server end. */
    static MemChannel pair(MemChannel client, int port) {
        MemChannel server = new MemChannel();
        long delayNanos = MemTransport.INSTANCE.linkDelayNanos();
        MemPipe up = new MemPipe(client, server, delayNanos);
        MemPipe down = new MemPipe(server, client, delayNanos);
        server.in = up;
        server.out = down;
        server.port = port;
        server.serverSide = true;
        client.port = port;
        client.out = up;
        client.in = down;
        return server;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return connected().in.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return connected().out.write(src);
    }

    @Override
    public void awaitReadable() throws IOException {
        if (!isBlocking()) {
            throw new IllegalBlockingModeException();
        }
        connected().in.awaitReadable();
    }

    private MemChannel connected() throws IOException {
        if (!linked || in == null) {
            if (!open) {
                throw new ClosedChannelException();
            }
            throw new NotYetConnectedException();
        }
        return this;
    }

    @Override
    public void bind(InetSocketAddress local) {
        // a mem connection has no local address to choose
    }

    @Override
    public boolean connect(InetSocketAddress remote) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        MemListener listener = MemTransport.INSTANCE.listener(remote.getPort());
        if (listener == null) {
            throw new ConnectException("Connection refused: no mem listener on port " + remote.getPort()
                    + " in this JVM (mem connects only within one process)");
        }
        long roundTripNanos = 2 * MemTransport.INSTANCE.linkDelayNanos();
        if (roundTripNanos == 0) {
            listener.enqueue(this);
            return true;
        }
        if (isBlocking()) {
            for (long end = System.nanoTime() + roundTripNanos, left; (left = end - System.nanoTime()) > 0; ) {
                java.util.concurrent.locks.LockSupport.parkNanos(this, left);
            }
            listener.enqueue(this);
            return true;
        }
        linked = false;
        MemTransport.INSTANCE.afterDelay(() -> completeConnect(listener), roundTripNanos);
        return false;
    }

    /** The end of a delayed connect's round trip: the server end joins the backlog, or the connect fails. */
    private void completeConnect(MemListener listener) {
        try {
            listener.enqueue(this);
        } catch (IOException e) {
            connectFailure = e;
        }
        linked = true;
        signal(Key.OP_CONNECT);
    }

    @Override
    public boolean finishConnect() throws IOException {
        if (!linked) {
            return false;
        }
        if (connectFailure != null) {
            throw connectFailure;
        }
        connected();
        return true;
    }

    @Override
    public void shutdownInput() throws IOException {
        connected().in.shutdownInput();
    }

    @Override
    public void shutdownOutput() throws IOException {
        connected().out.shutdownOutput();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return in == null ? null : new InetSocketAddress(InetAddress.getLoopbackAddress(), serverSide ? 0 : port);
    }

    @Override
    public InetSocketAddress localAddress() {
        return in == null ? null : new InetSocketAddress(InetAddress.getLoopbackAddress(), serverSide ? port : 0);
    }

    void ensureOpen(boolean waited) throws IOException {
        if (!open) {
            throw MemPipe.closed(waited);
        }
    }

    @Override
    int readyOps() {
        if (!linked) {
            return 0;
        }
        if (connectFailure != null) {
            return Key.OP_CONNECT;
        }
        if (in == null) {
            return 0;
        }
        int ops = Key.OP_CONNECT;
        if (in.readable()) {
            ops |= Key.OP_READ;
        }
        if (out.writable()) {
            ops |= Key.OP_WRITE;
        }
        return ops;
    }

    @Override
    public void close() {
        if (!open) {
            return;
        }
        open = false;
        cancelKey();
        if (in != null) {
            in.closeReader();
            out.shutdownOutput();
        }
    }

    /** The bytes the pipe this end writes into holds allocated now (for tests: 0 when idle). */
    int bufferedBytes() {
        return out == null ? 0 : out.allocatedBytes();
    }

    @Override
    public String toString() {
        return "mem " + (serverSide ? "server" : "client") + " end of port " + port + (open ? "" : " (closed)");
    }
}
