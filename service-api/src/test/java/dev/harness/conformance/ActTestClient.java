package dev.harness.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.harness.conformance.ActFrames.Frame;
import dev.harness.transport.Transport;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A raw, blocking ACT-frame client for the conformance kit: it sends bytes as given (frames built by
 * {@link ActFrames}, whole, split or corrupted) and reads frames back with {@link ActFrames}, with no project
 * codec in between, so a bug in the codecs cannot hide itself behind a matching bug here.
 *
 * <p>Every read has a timeout; a read that times out throws {@link SocketTimeoutException}, one that meets
 * the end of the stream throws {@link EOFException}. The client owns one {@link RawConnection} over the
 * kit's transport, so each {@link #send} is one write and, over tcp with {@code TCP_NODELAY}, leaves as its
 * own segment (what the split-frame tests rely on). Not thread-safe: one test thread drives one client.
 */
final class ActTestClient implements AutoCloseable {

    private final RawConnection connection;

    ActTestClient(Transport transport, InetSocketAddress server) throws IOException {
        connection = RawConnection.connect(transport, server);
    }

    // ---- sending ----

    /**
     * Writes all bytes in one call (coalesced: many frames in one write when {@code bytes} holds many),
     * waiting at most {@link Wire#IO} for room.
     */
    void send(byte[] bytes) throws IOException {
        connection.write(bytes, Wire.IO);
    }

    /** Writes {@code bytes} in pieces cut at the given ascending offsets, pausing between writes. */
    void sendSplit(byte[] bytes, Duration pause, int... cuts) throws IOException {
        int from = 0;
        for (int cut : cuts) {
            send(Arrays.copyOfRange(bytes, from, cut));
            pause(pause);
            from = cut;
        }
        send(Arrays.copyOfRange(bytes, from, bytes.length));
    }

    /** Writes one byte per write call, pausing between writes. */
    void sendByteByByte(byte[] bytes, Duration pause) throws IOException {
        for (int i = 0; i < bytes.length; i++) {
            send(new byte[] {bytes[i]});
            if (i + 1 < bytes.length) {
                pause(pause);
            }
        }
    }

    // ---- reading ----

    /**
     * Reads exactly one frame.
     *
     * @throws SocketTimeoutException when no whole frame arrives within {@code timeout}
     * @throws EOFException when the server closes the connection first
     */
    Frame read(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        return ActFrames.read(n -> readFully(n, deadline));
    }

    /**
     * Asserts that the server closes the connection within {@code timeout} without sending another byte.
     * A reset counts as closed: a server that closes with unread input makes the kernel send RST.
     */
    void assertClosedByServer(Duration timeout) throws IOException {
        try {
            byte[] extra = connection.readNBytes(64, timeout);
            if (extra.length > 0) {
                fail("expected the server to close the connection, but it sent " + extra.length + " more bytes: "
                        + HexFormat.ofDelimiter(" ").formatHex(extra));
            }
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection within " + timeout);
        } catch (SocketException e) {
            // "Connection reset": closed, too
        }
    }

    /** Asserts that nothing arrives and the connection stays open for {@code quiet}. */
    void assertNothingArrives(Duration quiet) throws IOException {
        try {
            int b = connection.read(System.nanoTime() + quiet.toNanos());
            fail(b < 0 ? "the server closed the connection" : "the server sent an unexpected byte 0x" + Integer.toHexString(b));
        } catch (SocketTimeoutException expected) {
            // silence, as expected
        }
    }

    private byte[] readFully(int n, long deadline) throws IOException {
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            int r;
            try {
                r = connection.read(buf, got, n - got, deadline);
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("read " + got + " of " + n + " bytes before the timeout");
            }
            if (r < 0) {
                throw new EOFException("the server closed the connection after " + got + " of " + n + " bytes");
            }
            got += r;
        }
        return buf;
    }

    /** Shuts down the sending side only (a half-close), leaving the connection readable. */
    void shutdownOutput() throws IOException {
        connection.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }

    static void pause(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pacing writes", e);
        }
    }
}
