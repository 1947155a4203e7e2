package dev.harness.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The kernel's TCP, through {@code java.nio}: each endpoint wraps a {@link SocketChannel} or
 * {@link ServerSocketChannel}, each poller a {@link Selector} (epoll on Linux), each key a
 * {@link SelectionKey}. A blocking read on a virtual thread is the JDK's own: the thread unmounts and the
 * JDK's poller watches the socket. Every channel has {@code TCP_NODELAY} set.
 */
public final class TcpTransport implements Transport {

    static final TcpTransport INSTANCE = new TcpTransport();

    private TcpTransport() {
    }

    @Override
    public String name() {
        return "tcp";
    }

    @Override
    public Listener listen(String host, int port, int backlog) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(host, port), backlog);
            return new TcpListener(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public Channel open() throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            return new TcpChannel(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public Poller openPoller() throws IOException {
        return new TcpPoller(Selector.open());
    }

    @Override
    public String toString() {
        return name();
    }

    /** What a listener and a channel share: a {@link SelectableChannel} and its registrations. */
    private abstract static class TcpSelectable<C extends SelectableChannel> {
        final C channel;

        TcpSelectable(C channel) {
            this.channel = channel;
        }

        public void configureBlocking(boolean block) throws IOException {
            channel.configureBlocking(block);
        }

        public boolean isOpen() {
            return channel.isOpen();
        }

        public Key register(Poller poller, int ops, Object attachment) throws IOException {
            Selector selector = ((TcpPoller) poller).selector;
            SelectionKey existing = channel.keyFor(selector);
            if (existing != null && existing.isValid()) {
                TcpKey key = (TcpKey) existing.attachment();
                key.attachment = attachment;
                existing.interestOps(ops);
                return key;
            }
            SelectionKey selectionKey = channel.register(selector, ops);
            TcpKey key = new TcpKey((Selectable) this, selectionKey, attachment);
            selectionKey.attach(key);
            return key;
        }

        public Key keyFor(Poller poller) {
            SelectionKey key = channel.keyFor(((TcpPoller) poller).selector);
            return key == null || !key.isValid() ? null : (Key) key.attachment();
        }

        public void close() throws IOException {
            channel.close();
        }

        @Override
        public String toString() {
            return "tcp " + channel;
        }
    }

    private static final class TcpListener extends TcpSelectable<ServerSocketChannel> implements Listener {
        TcpListener(ServerSocketChannel channel) {
            super(channel);
        }

        @Override
        public InetSocketAddress localAddress() {
            try {
                return (InetSocketAddress) channel.getLocalAddress();
            } catch (IOException e) {
                throw new IllegalStateException("the listener is closed", e);
            }
        }

        @Override
        public Channel accept() throws IOException {
            SocketChannel accepted = channel.accept();
            if (accepted == null) {
                return null;
            }
            try {
                return new TcpChannel(accepted);
            } catch (IOException | RuntimeException e) {
                accepted.close();
                throw e;
            }
        }
    }

    private static final class TcpChannel extends TcpSelectable<SocketChannel> implements Channel {
        TcpChannel(SocketChannel channel) throws IOException {
            super(channel);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return channel.write(src);
        }

        @Override
        public void bind(InetSocketAddress local) throws IOException {
            channel.bind(local);
        }

        @Override
        public boolean connect(InetSocketAddress remote) throws IOException {
            return channel.connect(remote);
        }

        @Override
        public boolean finishConnect() throws IOException {
            return channel.finishConnect();
        }

        @Override
        public void awaitReadable() {
            // a blocking socket cannot wait without a buffer to read into: the read that follows waits
        }

        @Override
        public void shutdownInput() throws IOException {
            channel.shutdownInput();
        }

        @Override
        public void shutdownOutput() throws IOException {
            channel.shutdownOutput();
        }

        @Override
        public void reset() throws IOException {
            try {
                channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            } finally {
                channel.close();
            }
        }

        @Override
        public InetSocketAddress remoteAddress() {
            try {
                return (InetSocketAddress) channel.getRemoteAddress();
            } catch (IOException e) {
                return null;
            }
        }

        @Override
        public InetSocketAddress localAddress() {
            try {
                return (InetSocketAddress) channel.getLocalAddress();
            } catch (IOException e) {
                return null;
            }
        }
    }

    private static final class TcpKey implements Key {
        private final Selectable selectable;
        private final SelectionKey key;
        private Object attachment;

        TcpKey(Selectable selectable, SelectionKey key, Object attachment) {
            this.selectable = selectable;
            this.key = key;
            this.attachment = attachment;
        }

        @Override
        public Selectable selectable() {
            return selectable;
        }

        @Override
        public Object attachment() {
            return attachment;
        }

        @Override
        public int interestOps() {
            return key.interestOps();
        }

        @Override
        public void interestOps(int ops) {
            key.interestOps(ops);
        }

        @Override
        public int readyOps() {
            return key.readyOps();
        }

        @Override
        public boolean isValid() {
            return key.isValid();
        }

        @Override
        public void cancel() {
            key.cancel();
        }
    }

    /**
     * A {@link Selector} whose ready keys go to the owner's action. The adapter from {@link SelectionKey} to
     * {@link Key} is made once per action, not once per select: an event loop passes the same action every
     * time, so its selects allocate nothing.
     */
    private static final class TcpPoller implements Poller {
        private final Selector selector;
        private Consumer<Key> action;
        private Consumer<SelectionKey> adapter;

        TcpPoller(Selector selector) {
            this.selector = selector;
        }

        @Override
        public int select(Consumer<Key> action, long timeoutMillis) throws IOException {
            return selector.select(adapterFor(action), timeoutMillis);
        }

        @Override
        public int selectNow(Consumer<Key> action) throws IOException {
            return selector.selectNow(adapterFor(action));
        }

        private Consumer<SelectionKey> adapterFor(Consumer<Key> action) {
            if (action != this.action) {
                this.action = action;
                adapter = key -> action.accept((Key) key.attachment());
            }
            return adapter;
        }

        @Override
        public void wakeup() {
            selector.wakeup();
        }

        @Override
        public Set<Key> keys() {
            Set<Key> keys = new HashSet<>();
            for (SelectionKey key : selector.keys()) {
                if (key.isValid()) {
                    keys.add((Key) key.attachment());
                }
            }
            return keys;
        }

        @Override
        public boolean isOpen() {
            return selector.isOpen();
        }

        @Override
        public void close() throws IOException {
            selector.close();
        }
    }
}
