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

    /** An unconnected client end. */
    MemChannel() {
    }

    /** Connects {@code client} to a new server end on {@code port}; returns the server end. */
    static MemChannel pair(MemChannel client, int port) {
        MemChannel server = new MemChannel();
        MemPipe up = new MemPipe(client, server);
        MemPipe down = new MemPipe(server, client);
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
        if (in == null) {
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
        listener.enqueue(this);
        return true;
    }

    @Override
    public boolean finishConnect() throws IOException {
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
