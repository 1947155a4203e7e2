package dev.harness.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.harness.transport.Channel;
import dev.harness.transport.Key;
import dev.harness.transport.Poller;
import dev.harness.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

/**
 * The client end of one connection over the kit's {@link Transport}, with a deadline on every wait: what
 * {@link ActTestClient} and {@link HttpTestClient} speak through, and what the hostile scenarios use raw
 * (half-close, reset, clients that never read, bytes dribbled one at a time).
 *
 * <p>The channel is in non-blocking mode with a {@link Poller} of its own: a read or write that cannot go on
 * waits in {@link Poller#select} for what is left of its deadline, and a deadline that passes throws
 * {@link SocketTimeoutException}, as a socket's {@code SO_TIMEOUT} does. End of stream is -1 from
 * {@link #read}; a reset from the server (tcp only) is the transport's {@link SocketException}. Each
 * {@link #write} call is one write on the channel, so with {@code TCP_NODELAY} (which the transport sets)
 * it leaves as its own segment. Reads go through a buffer of {@value #BUFFER_BYTES} bytes.
 *
 * <p>Costs per connection: the channel, a poller (over tcp an epoll descriptor and its wake-up descriptor
 * besides the socket; over mem no descriptor at all) and the buffer. Not thread-safe: one thread drives it.
 */
final class RawConnection implements AutoCloseable {

    /** How long a connect may take; loopback and mem connect at once unless the server is gone. */
    static final Duration CONNECT = Duration.ofSeconds(10);
    private static final int BUFFER_BYTES = 8192;

    private final Channel channel;
    private final Poller poller;
    private final Key key;
    /** Bytes read from the channel and not yet handed out, in read mode. */
    private final ByteBuffer input = ByteBuffer.allocate(BUFFER_BYTES).flip();
    private boolean endOfStream;

    private RawConnection(Channel channel, Poller poller, Key key) {
        this.channel = channel;
        this.poller = poller;
        this.key = key;
    }

    /** Connects to {@code server} over {@code transport} within {@code timeout}. */
    static RawConnection connect(Transport transport, InetSocketAddress server, Duration timeout) throws IOException {
        Channel channel = transport.open();
        Poller poller = null;
        try {
            poller = transport.openPoller();
            channel.configureBlocking(false);
            long deadline = System.nanoTime() + timeout.toNanos();
            Key key = channel.register(poller, 0, null);
            if (!channel.connect(server)) {
                while (!channel.finishConnect()) {
                    await(poller, key, Key.OP_CONNECT, deadline, "connect to " + server);
                }
            }
            return new RawConnection(channel, poller, key);
        } catch (IOException | RuntimeException e) {
            channel.close();
            if (poller != null) {
                poller.close();
            }
            throw e;
        }
    }

    /** {@link #connect(Transport, InetSocketAddress, Duration)} within {@link #CONNECT}. */
    static RawConnection connect(Transport transport, InetSocketAddress server) throws IOException {
        return connect(transport, server, CONNECT);
    }

    /**
     * Whether connections of {@code transport} live inside this JVM, as the mem transport's do: they hold no
     * file descriptor, and a {@link #reset} is a close. The checks that count either say so over them.
     */
    static boolean inMemory(Transport transport) {
        return transport.name().equals("mem");
    }

    /** Writes all of {@code bytes} in one channel write where they fit, waiting for room until {@code timeout}. */
    void write(byte[] bytes, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteBuffer src = ByteBuffer.wrap(bytes);
        while (src.hasRemaining()) {
            if (channel.write(src) == 0) {
                await(poller, key, Key.OP_WRITE, deadline, "write of " + bytes.length + " bytes");
            }
        }
    }

    /**
     * Reads up to {@code length} bytes, waiting for at least one until {@code deadlineNanos}
     * ({@link System#nanoTime()} based).
     *
     * @return the bytes read, or -1 at end of stream
     * @throws SocketTimeoutException when nothing arrives before the deadline
     */
    int read(byte[] into, int offset, int length, long deadlineNanos) throws IOException {
        if (!awaitInput(deadlineNanos)) {
            return -1;
        }
        int n = Math.min(length, input.remaining());
        input.get(into, offset, n);
        return n;
    }

    /** One byte (0..255), or -1 at end of stream; see {@link #read(byte[], int, int, long)}. */
    int read(long deadlineNanos) throws IOException {
        return awaitInput(deadlineNanos) ? input.get() & 0xFF : -1;
    }

    /** Up to {@code n} bytes, fewer only at end of stream, all within {@code timeout}. */
    byte[] readNBytes(int n, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            int r = read(buf, got, n - got, deadline);
            if (r < 0) {
                break;
            }
            got += r;
        }
        return got == n ? buf : Arrays.copyOf(buf, got);
    }

    /** Reads what waits without waiting, and says how many bytes are buffered (as {@code available()} does). */
    int available() throws IOException {
        if (!input.hasRemaining() && !endOfStream) {
            fill();
        }
        return input.remaining();
    }

    /**
     * Everything the server sends until it closes; a reset after its last byte counts as a close. Fails the
     * test when the server has not closed within {@code timeout}.
     */
    byte[] readUntilClosed(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[BUFFER_BYTES];
        try {
            int n;
            while ((n = read(buf, 0, buf.length, deadline)) >= 0) {
                got.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection within " + timeout + "; it sent " + got.size() + " bytes");
        } catch (SocketException reset) {
            // closed with unread input: a reset, still a close
        }
        return got.toByteArray();
    }

    /** Shuts down the sending side only (a half-close): the server reads end of stream, this end can still read. */
    void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    /** Closes abortively: a reset over tcp, a close over mem ({@link Channel#reset}). */
    void reset() throws IOException {
        try {
            poller.close();
        } finally {
            channel.reset();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            poller.close();
        } finally {
            channel.close();
        }
    }

    /** Waits until the buffer holds bytes (true) or the stream has ended (false). */
    private boolean awaitInput(long deadlineNanos) throws IOException {
        while (!input.hasRemaining()) {
            if (endOfStream) {
                return false;
            }
            if (fill() == 0 && !endOfStream) {
                await(poller, key, Key.OP_READ, deadlineNanos, "read");
            }
        }
        return true;
    }

    /** Reads what the channel has into the buffer without waiting; the bytes read, 0 when none waited. */
    private int fill() throws IOException {
        input.compact();
        try {
            int n = channel.read(input);
            if (n < 0) {
                endOfStream = true;
                return 0;
            }
            return n;
        } finally {
            input.flip();
        }
    }

    /** Waits in the poller until {@code op} is ready or {@code deadlineNanos} passes (then throws). */
    private static void await(Poller poller, Key key, int op, long deadlineNanos, String what) throws IOException {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException(what + " timed out");
        }
        key.interestOps(op);
        // at least 1 ms: 0 would mean no limit; the caller checks again and comes back while time is left
        poller.select(ready -> { }, Math.max(1, left / 1_000_000));
    }
}
