package dev.harness.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import dev.harness.transport.Transport;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A raw HTTP/1.1 client for the conformance kit: it writes bytes exactly as the test gives them (so tests
 * can send malformed, split or pipelined requests) and parses responses itself — status line, header
 * fields, and a body framed by {@code Content-Length}, by {@code Transfer-Encoding: chunked} (keeping each
 * chunk), or by the end of the connection. No project codec is involved.
 *
 * <p>Every read has a timeout ({@link SocketTimeoutException}); the end of the stream in the middle of a
 * response is an {@link EOFException}. One {@link RawConnection} over the kit's transport; not thread-safe.
 */
final class HttpTestClient implements AutoCloseable {

    /** A response larger than this is a server bug; the client refuses to allocate for it. */
    private static final int MAX_BODY_BYTES = 64 << 20;
    private static final int MAX_LINE_BYTES = 64 * 1024;

    private final RawConnection connection;
    private long deadline;

    HttpTestClient(Transport transport, InetSocketAddress server) throws IOException {
        connection = RawConnection.connect(transport, server);
    }

    /** One header field as received: name as the server spelled it, value with surrounding blanks removed. */
    record Field(String name, String value) {
    }

    /**
     * One parsed response.
     *
     * @param chunks the chunks of a chunked body, in order; empty for a body framed otherwise
     */
    record Response(String version, int status, String reason, List<Field> fields, byte[] body, List<byte[]> chunks) {

        /** The value of the only field called {@code name} (case-insensitive); fails if it appears twice. */
        Optional<String> header(String name) {
            List<String> values = fields.stream()
                    .filter(f -> f.name().equalsIgnoreCase(name))
                    .map(Field::value)
                    .toList();
            if (values.size() > 1) {
                fail("header " + name + " appears " + values.size() + " times: " + values);
            }
            return values.stream().findFirst();
        }

        boolean isChunked() {
            return header("Transfer-Encoding").map(v -> v.toLowerCase(Locale.ROOT).contains("chunked")).orElse(false);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            String shown = status >= 300 && body.length <= 200 ? " '" + bodyText().strip() + "'" : "";
            return version + " " + status + " " + reason + " " + fields + " body(" + body.length + ")" + shown;
        }
    }

    // ---- sending ----

    void send(String request) throws IOException {
        send(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes all bytes in one call, waiting at most {@link Wire#IO} for room. */
    void send(byte[] bytes) throws IOException {
        connection.write(bytes, Wire.IO);
    }

    /** Writes one byte per write call, pausing between writes. */
    void sendByteByByte(byte[] bytes, Duration pause) throws IOException {
        for (int i = 0; i < bytes.length; i++) {
            send(new byte[] {bytes[i]});
            if (i + 1 < bytes.length) {
                ActTestClient.pause(pause);
            }
        }
    }

    /** Writes {@code bytes} in pieces cut at the given ascending offsets, pausing between writes. */
    void sendSplit(byte[] bytes, Duration pause, int... cuts) throws IOException {
        int from = 0;
        for (int cut : cuts) {
            send(Arrays.copyOfRange(bytes, from, cut));
            ActTestClient.pause(pause);
            from = cut;
        }
        send(Arrays.copyOfRange(bytes, from, bytes.length));
    }

    // ---- reading ----

    /** Reads one response to a request that was not HEAD. */
    Response read(Duration timeout) throws IOException {
        return read(timeout, false);
    }

    /**
     * Reads one response.
     *
     * @param toHead true when the request was HEAD: the response has header fields and never a body
     */
    Response read(Duration timeout, boolean toHead) throws IOException {
        deadline = System.nanoTime() + timeout.toNanos();
        String statusLine = readLine();
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("\\d{3}")) {
            fail("malformed status line: '" + statusLine + "'");
        }
        int status = Integer.parseInt(parts[1]);
        String reason = parts.length > 2 ? parts[2] : "";
        List<Field> fields = readFields();
        Response head = new Response(parts[0], status, reason, fields, new byte[0], List.of());
        if (toHead || status / 100 == 1 || status == 204 || status == 304) {
            return head;
        }
        if (head.isChunked()) {
            List<byte[]> chunks = new ArrayList<>();
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = readLine();
                int semicolon = sizeLine.indexOf(';');
                String hex = (semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).trim();
                long size;
                try {
                    size = Long.parseLong(hex, 16);
                } catch (NumberFormatException e) {
                    return fail("malformed chunk size line: '" + sizeLine + "'");
                }
                if (size == 0) {
                    readFields(); // trailer section, ends with an empty line
                    return new Response(parts[0], status, reason, fields, body.toByteArray(), List.copyOf(chunks));
                }
                if (size < 0 || body.size() + size > MAX_BODY_BYTES) {
                    fail("chunked body larger than " + MAX_BODY_BYTES + " bytes");
                }
                byte[] chunk = readFully((int) size);
                chunks.add(chunk);
                body.writeBytes(chunk);
                String end = readLine();
                if (!end.isEmpty()) {
                    fail("chunk data not followed by CRLF but by '" + end + "'");
                }
            }
        }
        Optional<String> contentLength = head.header("Content-Length");
        if (contentLength.isPresent()) {
            long length = Long.parseLong(contentLength.get().trim());
            if (length < 0 || length > MAX_BODY_BYTES) {
                fail("Content-Length " + length + " out of range");
            }
            return new Response(parts[0], status, reason, fields, readFully((int) length), List.of());
        }
        // neither: the body runs to the end of the connection (RFC 9112 §6.3)
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int r;
        while ((r = readSome(buf)) >= 0) {
            body.write(buf, 0, r);
            if (body.size() > MAX_BODY_BYTES) {
                fail("close-delimited body larger than " + MAX_BODY_BYTES + " bytes");
            }
        }
        return new Response(parts[0], status, reason, fields, body.toByteArray(), List.of());
    }

    /**
     * Asserts that the server closes the connection within {@code timeout} without sending another byte;
     * a reset counts as closed.
     */
    void assertClosedByServer(Duration timeout) throws IOException {
        deadline = System.nanoTime() + timeout.toNanos();
        try {
            byte[] buf = new byte[64];
            int r = readSome(buf);
            if (r > 0) {
                fail("expected the server to close the connection, but it sent more: '"
                        + new String(buf, 0, r, StandardCharsets.ISO_8859_1) + "'");
            }
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection within " + timeout);
        } catch (SocketException e) {
            // "Connection reset": closed, too
        }
    }

    private List<Field> readFields() throws IOException {
        List<Field> fields = new ArrayList<>();
        String line;
        while (!(line = readLine()).isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                fail("malformed response header line: '" + line + "'");
            }
            fields.add(new Field(line.substring(0, colon), line.substring(colon + 1).strip()));
        }
        return fields;
    }

    /** A line ending with CRLF (a bare LF is a server bug and fails the test), without the CRLF. */
    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = readByte();
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                if (bytes.length == 0 || bytes[bytes.length - 1] != '\r') {
                    fail("response line not terminated by CRLF: '" + line + "'");
                }
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
            if (line.size() > MAX_LINE_BYTES) {
                fail("response line longer than " + MAX_LINE_BYTES + " bytes");
            }
        }
    }

    private int readByte() throws IOException {
        int b;
        try {
            b = connection.read(deadline);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no complete response before the timeout");
        }
        if (b < 0) {
            throw new EOFException("the server closed the connection in the middle of a response");
        }
        return b;
    }

    private byte[] readFully(int n) throws IOException {
        byte[] buf = new byte[n];
        int got = 0;
        while (got < n) {
            int r = readSome(buf, got, n - got);
            if (r < 0) {
                throw new EOFException("the server closed the connection after " + got + " of " + n + " body bytes");
            }
            got += r;
        }
        return buf;
    }

    private int readSome(byte[] buf) throws IOException {
        return readSome(buf, 0, buf.length);
    }

    /** Some bytes, -1 at end of stream, {@link SocketTimeoutException} once the deadline of the read has passed. */
    private int readSome(byte[] buf, int off, int len) throws IOException {
        try {
            return connection.read(buf, off, len, deadline);
        } catch (SocketTimeoutException e) {
            throw new SocketTimeoutException("no complete response before the timeout");
        }
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
