package dev.harness.cli.run;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A RELAY downstream that never answers: a loopback listener in the run's JVM that accepts every connection,
 * reads every ACT frame sent to it, counts them and drops them. The server under test is the initiator of those
 * calls and must reclaim their state itself when they time out (the liability of ACTs a service never returns).
 *
 * <p>One daemon thread ({@code silent-downstream}) on a {@link Selector}; per connection a 16-byte header buffer
 * and the count of payload bytes still to skip. It reads as fast as the server writes, so a server's calls never
 * wait to be sent: they wait only for answers. Arrivals are also counted per {@value #BUCKET_MILLIS} ms over the
 * last {@value #BUCKETS} buckets, so that {@link #callsWithin} can say how many calls arrived lately.
 */
final class SilentDownstream implements AutoCloseable {

    private static final int HEADER_BYTES = 16;
    /** The frame's {@code length} counts the header's 12 bytes after itself. */
    private static final int LENGTH_COUNTS_AFTER_IT = 12;
    private static final int BUCKET_MILLIS = 10;
    private static final long BUCKET_NANOS = BUCKET_MILLIS * 1_000_000L;
    /** Buckets kept: 10.24 s of arrivals, longer than any downstream timeout a scenario uses. */
    private static final int BUCKETS = 1024;

    private final ServerSocketChannel listener;
    private final Selector selector;
    private final Thread thread;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong closed = new AtomicLong();
    /** Calls that arrived in each bucket, and which bucket (its number since the clock's origin) it now counts. */
    private final AtomicLongArray arrivals = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray bucketOf = new AtomicLongArray(BUCKETS);
    private volatile boolean running = true;

    private SilentDownstream(ServerSocketChannel listener, Selector selector) {
        this.listener = listener;
        this.selector = selector;
        this.thread = Thread.ofPlatform().daemon(true).name("silent-downstream").unstarted(this::loop);
    }

    /** Listens on a loopback port the system chooses and starts taking calls. */
    static SilentDownstream start() throws IOException {
        ServerSocketChannel listener = ServerSocketChannel.open();
        Selector selector = Selector.open();
        try {
            listener.bind(new InetSocketAddress("127.0.0.1", 0), 1024);
            listener.configureBlocking(false);
            listener.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            listener.close();
            selector.close();
            throw e;
        }
        SilentDownstream downstream = new SilentDownstream(listener, selector);
        downstream.thread.start();
        return downstream;
    }

    InetSocketAddress address() throws IOException {
        return (InetSocketAddress) listener.getLocalAddress();
    }

    /** ACT frames received so far: the calls the server made, none of them answered. */
    long calls() {
        return calls.get();
    }

    /**
     * Calls that arrived within {@code window} before now, to the nearest {@value #BUCKET_MILLIS} ms; at most the
     * last {@value #BUCKETS} buckets.
     */
    long callsWithin(java.time.Duration window) {
        long now = System.nanoTime() / BUCKET_NANOS;
        long buckets = Math.min(BUCKETS, window.toNanos() / BUCKET_NANOS);
        long sum = 0;
        for (long b = now; b > now - buckets; b--) {
            int i = (int) Math.floorMod(b, (long) BUCKETS);
            if (bucketOf.get(i) == b) {
                sum += arrivals.get(i);
            }
        }
        return sum;
    }

    /** Counts one arrival: on the selector thread only, the one writer of the buckets. */
    private void arrived() {
        calls.incrementAndGet();
        long b = System.nanoTime() / BUCKET_NANOS;
        int i = (int) Math.floorMod(b, (long) BUCKETS);
        if (bucketOf.get(i) != b) {
            arrivals.set(i, 0);
            bucketOf.set(i, b);
        }
        arrivals.incrementAndGet(i);
    }

    /** Connections the server opened to it so far. */
    long connections() {
        return connections.get();
    }

    /** Of those, how many the server has closed (a thread server closes a call's channel when it times out). */
    long closedByServer() {
        return closed.get();
    }

    /** Per connection: the header being read, and the payload bytes of the current frame still to skip. */
    private static final class Inbound {
        final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        long skip;
    }

    private void loop() {
        ByteBuffer scratch = ByteBuffer.allocate(64 * 1024);
        try {
            while (running) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        SocketChannel channel;
                        while ((channel = listener.accept()) != null) {
                            channel.configureBlocking(false);
                            channel.register(selector, SelectionKey.OP_READ, new Inbound());
                            connections.incrementAndGet();
                        }
                    } else if (key.isReadable()) {
                        read(key, scratch);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            // the selector failed or was closed: the downstream stops, as a crashed service would
        }
    }

    /** Reads what the connection has, counting each frame whose header completes. */
    private void read(SelectionKey key, ByteBuffer scratch) {
        SocketChannel channel = (SocketChannel) key.channel();
        Inbound in = (Inbound) key.attachment();
        try {
            scratch.clear();
            int n = channel.read(scratch);
            if (n < 0) {
                closed.incrementAndGet();
                key.cancel();
                channel.close();
                return;
            }
            scratch.flip();
            while (scratch.hasRemaining()) {
                if (in.skip > 0) {
                    int skipped = (int) Math.min(in.skip, scratch.remaining());
                    scratch.position(scratch.position() + skipped);
                    in.skip -= skipped;
                    continue;
                }
                while (in.header.hasRemaining() && scratch.hasRemaining()) {
                    in.header.put(scratch.get());
                }
                if (!in.header.hasRemaining()) {
                    arrived();
                    in.skip = Math.max(0, Integer.toUnsignedLong(in.header.getInt(0)) - LENGTH_COUNTS_AFTER_IT);
                    in.header.clear();
                }
            }
        } catch (IOException e) {
            closed.incrementAndGet();
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a broken connection: nothing more to do
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(5_000);
        for (SelectionKey key : selector.keys()) {
            try {
                key.channel().close();
            } catch (IOException ignored) {
                // closing on the way out
            }
        }
        try {
            selector.close();
            listener.close();
        } catch (IOException ignored) {
            // closing on the way out
        }
    }
}
