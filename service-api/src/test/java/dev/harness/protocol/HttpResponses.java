package dev.harness.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A strict parser of HTTP/1.1 responses (RFC 9112 framing), written for the tests: status line, header
 * fields, then a body delimited by {@code Content-Length} or chunked coding, or (a 200 with
 * {@code Connection: close} and neither) by the end of the bytes. Fails on anything malformed.
 */
final class HttpResponses {

    /** One response; header names lower-cased, each value in arrival order. */
    record Response(String version, int status, String reason, Map<String, List<String>> headers, byte[] body,
                    List<byte[]> chunks, byte[] raw) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            if (values == null) {
                return null;
            }
            assertEquals(1, values.size(), "header " + name + " appears " + values.size() + " times");
            return values.get(0);
        }

        boolean closes() {
            String c = header("connection");
            return c != null && c.toLowerCase(Locale.ROOT).contains("close");
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final byte[] bytes;
    private int pos;

    HttpResponses(byte[] bytes) {
        this.bytes = bytes;
    }

    boolean atEnd() {
        return pos == bytes.length;
    }

    /** Parses every response; with {@code lenientHead}, a response followed directly by another has no body. */
    static List<Response> parseAll(byte[] bytes, boolean lenientHead) {
        HttpResponses r = new HttpResponses(bytes);
        List<Response> all = new ArrayList<>();
        while (!r.atEnd()) {
            all.add(r.next(lenientHead && r.followedByResponseAfterHeaders()));
        }
        return all;
    }

    static List<Response> parseAll(byte[] bytes) {
        return parseAll(bytes, false);
    }

    static Response single(byte[] bytes) {
        List<Response> all = parseAll(bytes);
        assertEquals(1, all.size(), "exactly one response expected in: " + ascii(bytes));
        return all.get(0);
    }

    /** Whether the header section starting here ends where another status line or the bytes end. */
    private boolean followedByResponseAfterHeaders() {
        int end = indexOf("\r\n\r\n", pos);
        if (end < 0) {
            return false;
        }
        int next = end + 4;
        return next == bytes.length || startsWith("HTTP/1.1 ", next);
    }

    Response next(boolean headRequest) {
        int start = pos;
        String statusLine = line();
        String[] parts = statusLine.split(" ", 3);
        assertTrue(parts.length == 3, "status line: " + statusLine);
        assertEquals("HTTP/1.1", parts[0], "response version in: " + statusLine);
        assertTrue(parts[1].matches("[1-5][0-9][0-9]"), "status code in: " + statusLine);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        while (true) {
            String line = line();
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            assertTrue(colon > 0, "header line: " + line);
            String name = line.substring(0, colon);
            assertTrue(name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+"), "header name: " + name);
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        byte[] body = new byte[0];
        List<byte[]> chunks = new ArrayList<>();
        List<String> te = headers.get("transfer-encoding");
        List<String> cl = headers.get("content-length");
        if (te != null) {
            assertEquals(List.of("chunked"), te);
            assertTrue(cl == null, "Content-Length together with Transfer-Encoding");
            if (!headRequest) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                while (true) {
                    String sizeLine = line();
                    assertTrue(sizeLine.matches("[0-9a-f]+"), "chunk size line: " + sizeLine);
                    int size = Integer.parseInt(sizeLine, 16);
                    if (size == 0) {
                        assertEquals("", line(), "a chunked body ends with 0 CRLF CRLF");
                        break;
                    }
                    byte[] chunk = take(size);
                    assertEquals("", line(), "chunk data ends with CRLF");
                    chunks.add(chunk);
                    all.writeBytes(chunk);
                }
                body = all.toByteArray();
            }
        } else if (cl == null && headers.getOrDefault("connection", List.of()).contains("close")
                && parts[1].equals("200")) {
            // RFC 9112 6.3 (8): no length declared, the body runs to the close: an HTTP/1.0 event stream
            if (!headRequest) {
                body = take(bytes.length - pos);
            }
        } else {
            assertTrue(cl != null && cl.size() == 1, "a response needs one Content-Length: " + headers);
            assertTrue(cl.get(0).matches("[0-9]+"), "Content-Length value " + cl.get(0));
            int length = Integer.parseInt(cl.get(0));
            if (!headRequest) {
                body = take(length);
            }
        }
        byte[] raw = java.util.Arrays.copyOfRange(bytes, start, pos);
        return new Response(parts[0], Integer.parseInt(parts[1]), parts[2], headers, body, chunks, raw);
    }

    private String line() {
        int end = indexOf("\r\n", pos);
        if (end < 0) {
            fail("a line without CRLF at offset " + pos + " in: " + ascii(bytes));
        }
        String line = new String(bytes, pos, end - pos, StandardCharsets.ISO_8859_1);
        assertTrue(line.indexOf('\r') < 0 && line.indexOf('\n') < 0, "bare CR or LF in line: " + line);
        pos = end + 2;
        return line;
    }

    private byte[] take(int n) {
        assertTrue(pos + n <= bytes.length, "body of " + n + " bytes truncated");
        byte[] b = java.util.Arrays.copyOfRange(bytes, pos, pos + n);
        pos += n;
        return b;
    }

    private int indexOf(String s, int from) {
        byte[] p = s.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = from; i + p.length <= bytes.length; i++) {
            if (startsWith(p, i)) {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(String s, int at) {
        return startsWith(s.getBytes(StandardCharsets.ISO_8859_1), at);
    }

    private boolean startsWith(byte[] p, int at) {
        if (at + p.length > bytes.length) {
            return false;
        }
        for (int j = 0; j < p.length; j++) {
            if (bytes[at + j] != p[j]) {
                return false;
            }
        }
        return true;
    }

    static String ascii(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).replace("\r", "\\r").replace("\n", "\\n");
    }

    static byte[] req(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
