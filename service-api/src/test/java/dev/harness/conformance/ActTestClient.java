package dev.harness.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.harness.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A raw, blocking ACT-frame client for the conformance kit: it builds frames byte by byte from
 * {@code docs/protocol.md} §1 and reads them back the same way, with no project codec in between, so a bug in
 * the codecs cannot hide itself behind a matching bug here.
 *
 * <p>Every read has a timeout; a read that times out throws {@link SocketTimeoutException}, one that meets
 * the end of the stream throws {@link EOFException}. The client owns one {@link RawConnection} over the
 * kit's transport, so each {@link #send} is one write and, over tcp with {@code TCP_NODELAY}, leaves as its
 * own segment (what the split-frame tests rely on). Not thread-safe: one test thread drives one client.
 */
final class ActTestClient implements AutoCloseable {

    static final int HEADER_BYTES = 16;
    static final byte ECHO = 0x01;
    static final byte WORK = 0x02;
    static final byte SUBSCRIBE = 0x03;
    static final byte RELAY = 0x04;
    static final int STATUS_OK = 0;
    static final int STATUS_LAST = 1;
    static final int STATUS_ERROR = 2;

    /** A response frame bigger than this is a server bug; the client refuses to allocate for it. */
    private static final int MAX_RESPONSE_PAYLOAD_BYTES = 64 << 20;

    private final RawConnection connection;

    ActTestClient(Transport transport, InetSocketAddress server) throws IOException {
        connection = RawConnection.connect(transport, server);
    }

    /** One frame as read from the wire. */
    record Frame(int length, long act, int op, int status, int reserved, byte[] payload) {

        boolean isError() {
            return status == STATUS_ERROR;
        }

        /** The payload decoded as strict UTF-8; fails the test if it is not valid UTF-8. */
        String payloadText() {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(payload)).toString();
            } catch (CharacterCodingException e) {
                return fail("payload is not valid UTF-8: " + HexFormat.ofDelimiter(" ").formatHex(payload));
            }
        }

        @Override
        public String toString() {
            String shown = payload.length <= 64 ? HexFormat.of().formatHex(payload)
                    : HexFormat.of().formatHex(payload, 0, 64) + "...";
            return "Frame[length=" + length + ", act=0x" + Long.toHexString(act) + ", op=" + op
                    + ", status=" + status + ", reserved=" + reserved + ", payload(" + payload.length + ")=" + shown + "]";
        }
    }

    // ---- building frames (static, so tests can concatenate, split and corrupt them) ----

    /** A 16-byte header with every field as given, valid or not. */
    static byte[] header(int length, long act, int op, int status, int reserved) {
        return ByteBuffer.allocate(HEADER_BYTES)
                .putInt(length)
                .putLong(act)
                .put((byte) op)
                .put((byte) status)
                .putShort((short) reserved)
                .array();
    }

    /** A well-formed request frame: {@code length = 12 + payload}, status 0, reserved 0. */
    static byte[] frame(long act, int op, byte[] payload) {
        return concat(header(12 + payload.length, act, op, 0, 0), payload);
    }

    static byte[] echo(long act, byte[] payload) {
        return frame(act, ECHO, payload);
    }

    /** WORK with three u32 fields; pass e.g. {@code 0xFFFF_FFFF} as -1 to test unsigned handling. */
    static byte[] work(long act, int cpuMicros, int waitMicros, int replyBytes) {
        return frame(act, WORK, u32s(cpuMicros, waitMicros, replyBytes));
    }

    static byte[] subscribe(long act, int count, int intervalMicros, int eventBytes) {
        return frame(act, SUBSCRIBE, u32s(count, intervalMicros, eventBytes));
    }

    /** RELAY of an inner request: payload = {@code u8 inner_op} + inner payload. */
    static byte[] relay(long act, int innerOp, byte[] innerPayload) {
        return frame(act, RELAY, concat(new byte[] {(byte) innerOp}, innerPayload));
    }

    static byte[] u32s(int... values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length);
        for (int v : values) {
            b.putInt(v);
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            all.writeBytes(p);
        }
        return all.toByteArray();
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
        byte[] head = readFully(HEADER_BYTES, deadline);
        ByteBuffer h = ByteBuffer.wrap(head);
        int length = h.getInt();
        long act = h.getLong();
        int op = h.get() & 0xFF;
        int status = h.get() & 0xFF;
        int reserved = h.getShort() & 0xFFFF;
        if (length < 12 || length - 12 > MAX_RESPONSE_PAYLOAD_BYTES) {
            fail("the server sent a frame with length " + Integer.toUnsignedString(length)
                    + " (header " + HexFormat.ofDelimiter(" ").formatHex(head) + ")");
        }
        byte[] payload = readFully(length - 12, deadline);
        return new Frame(length, act, op, status, reserved, payload);
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
