package dev.harness.load.client;

import java.nio.ByteBuffer;

/**
 * Incremental HTTP/1.1 response parser: status line, headers, then a body framed by {@code Content-Length}
 * or by {@code Transfer-Encoding: chunked} (chunk extensions and trailers are skipped). Each complete
 * response is reported with its status code, body bytes, chunk count and whether it carried
 * {@code Connection: close} (the server closes the connection after it, so the client must reconnect);
 * body bytes are skipped, never copied.
 *
 * <p>It reads header bytes through a small state machine: a header's name in one scan, the value of a
 * header it does not read skipped to its line's end in one scan, the rest one byte at a time. It keeps
 * only counters and one fixed scratch array (a header's name) between calls, so any split of the input
 * works and nothing is allocated per response. A response it cannot frame (no status line, no length and not chunked, a bad length or chunk
 * size) makes {@link #decode} return false, and so does framing that grows without progress: a status line
 * and header section, or a trailer section, over {@link #MAX_HEADER_BYTES}, or a chunk-size line (or the
 * line ending a chunk's data) over {@link #MAX_CHUNK_LINE_BYTES}. A chunked body of any number of chunks
 * is one response: each chunk's framing is bounded on its own, never summed with the headers.
 */
public final class HttpResponseDecoder implements ResponseDecoder {

    /** Receives every complete response. */
    @FunctionalInterface
    public interface ResponseListener {
        /** @param close the response carried {@code Connection: close}: no answer follows it on this connection */
        void onResponse(int statusCode, long bodyBytes, int chunks, boolean close);
    }

    /** Bound on the status line and header section of one response, and separately on its trailer section. */
    static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Bound on one chunk-size line with its extensions, and on the line ending one chunk's data. */
    static final int MAX_CHUNK_LINE_BYTES = 4 * 1024;
    private static final byte[] HTTP_1 = "HTTP/1.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "chunked".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION = "connection".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "close".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static final int STATUS_LINE = 0;
    private static final int HEADER_NAME = 1;
    private static final int HEADER_VALUE = 2;
    private static final int BODY = 3;
    private static final int CHUNK_SIZE = 4;
    private static final int CHUNK_DATA = 5;
    private static final int CHUNK_DATA_END = 6;
    private static final int TRAILER = 7;

    /** Which header's value is being read. */
    private static final int OTHER = 0;
    private static final int LENGTH = 1;
    private static final int ENCODING = 2;
    private static final int CONNECTION_OPTION = 3;

    private final ResponseListener listener;
    private final byte[] name = new byte[24];
    private int state = STATUS_LINE;
    private int lineBytes;
    /** Bytes of the current header section (status line and headers) or trailer section. */
    private int headerBytes;
    /** Bytes of the current chunk-size line or chunk-data-ending line. */
    private int chunkLineBytes;
    private int statusCode;
    private int nameLength;
    private int header;
    private long contentLength;
    private boolean lengthSeen;
    private boolean chunked;
    private int valueMatch;
    private boolean close;
    private boolean chunkSizeDigits;
    private boolean chunkSizeDone;
    private long left;
    private long bodyBytes;
    private int chunks;

    public HttpResponseDecoder(ResponseListener listener) {
        this.listener = listener;
    }

    /** Consumes all of {@code in}; false when the input is not an HTTP/1.1 response this parser can frame. */
    @Override
    public boolean decode(ByteBuffer in) {
        while (in.hasRemaining()) {
            switch (state) {
                case BODY, CHUNK_DATA -> {
                    int skip = (int) Math.min(left, in.remaining());
                    in.position(in.position() + skip);
                    left -= skip;
                    bodyBytes += skip;
                    if (left == 0) {
                        if (state == BODY) {
                            deliver();
                        } else {
                            state = CHUNK_DATA_END;
                            chunkLineBytes = 0;
                        }
                    }
                }
                default -> {
                    boolean ok = state == HEADER_NAME ? scanName(in)
                            : state == HEADER_VALUE && header == OTHER ? skipValue(in) : headerByte(in.get());
                    if (!ok) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /**
     * A header's name, up to the byte that ends it ({@code ':'}, or a line end), in one scan that keeps its
     * first bytes in lower case, as {@link #headerByte} would byte by byte; that byte goes through
     * {@link #headerByte}.
     */
    private boolean scanName(ByteBuffer in) {
        int from = in.position();
        int limit = in.limit();
        int end = from;
        byte b = 0;
        while (end < limit && (b = in.get(end)) != ':' && b != '\n' && b != '\r') {
            if (nameLength < name.length) {
                name[nameLength] = (byte) (b >= 'A' && b <= 'Z' ? b + 32 : b);
            }
            nameLength++;
            end++;
        }
        return scanned(in, from, end);
    }

    /**
     * The value of a header nobody reads (most of a response's header bytes): skipped to the end of its line
     * in one scan, counted against the header bound as {@link #headerByte} would count it byte by byte; the
     * line's {@code '\n'}, when read, goes through {@link #headerByte}.
     */
    private boolean skipValue(ByteBuffer in) {
        int from = in.position();
        int limit = in.limit();
        int end = from;
        while (end < limit && in.get(end) != '\n') {
            end++;
        }
        return scanned(in, from, end);
    }

    /**
     * Counts the bytes a one-pass scan of {@code in} went over, {@code from} to {@code end}, against the header
     * bound, moves past them, and passes the byte that stopped the scan, if any, to {@link #headerByte}.
     */
    private boolean scanned(ByteBuffer in, int from, int end) {
        headerBytes += end - from;
        if (headerBytes > MAX_HEADER_BYTES) {
            return false;
        }
        in.position(end);
        return end == in.limit() || headerByte(in.get());
    }

    @Override
    public boolean betweenResponses() {
        return state == STATUS_LINE && headerBytes == 0;
    }

    private boolean headerByte(byte b) {
        boolean chunkLine = state == CHUNK_SIZE || state == CHUNK_DATA_END;
        if (chunkLine ? ++chunkLineBytes > MAX_CHUNK_LINE_BYTES : ++headerBytes > MAX_HEADER_BYTES) {
            return false;
        }
        switch (state) {
            case STATUS_LINE -> {
                if (b == '\n') {
                    if (lineBytes == 0) {
                        return true;            // tolerate a stray CRLF between responses
                    }
                    if (lineBytes < 12 || statusCode < 100) {
                        return false;
                    }
                    startHeaderLine();
                    return true;
                }
                if (b == '\r') {
                    return true;
                }
                int i = lineBytes++;
                if (i < 7) {
                    return b == HTTP_1[i];
                }
                if (i >= 9 && i <= 11) {
                    if (b < '0' || b > '9') {
                        return false;
                    }
                    statusCode = statusCode * 10 + (b - '0');
                }
                return true;
            }
            case HEADER_NAME -> {
                if (b == '\n') {
                    if (nameLength != 0) {
                        return false;           // a header line without a colon
                    }
                    return endOfHeaders();
                }
                if (b == '\r') {
                    return true;
                }
                if (b == ':') {
                    header = matches(CONTENT_LENGTH) ? LENGTH : matches(TRANSFER_ENCODING) ? ENCODING
                            : matches(CONNECTION) ? CONNECTION_OPTION : OTHER;
                    if (header == LENGTH) {
                        if (lengthSeen) {
                            return false;
                        }
                        lengthSeen = true;
                        contentLength = 0;
                    }
                    valueMatch = 0;
                    state = HEADER_VALUE;
                    return true;
                }
                if (nameLength < name.length) {
                    name[nameLength] = (byte) (b >= 'A' && b <= 'Z' ? b + 32 : b);
                }
                nameLength++;
                return true;
            }
            case HEADER_VALUE -> {
                if (b == '\n') {
                    startHeaderLine();
                    return true;
                }
                if (b == '\r' || b == ' ' || b == '\t') {
                    return true;
                }
                if (header == LENGTH) {
                    if (b < '0' || b > '9' || contentLength > (Long.MAX_VALUE - 9) / 10) {
                        return false;
                    }
                    contentLength = contentLength * 10 + (b - '0');
                } else if (header == ENCODING && !chunked) {
                    valueMatch = step(CHUNKED, valueMatch, b);
                    chunked = valueMatch == CHUNKED.length;
                } else if (header == CONNECTION_OPTION && !close) {
                    valueMatch = step(CLOSE, valueMatch, b);
                    close = valueMatch == CLOSE.length;
                }
                return true;
            }
            case CHUNK_SIZE -> {
                if (b == '\n') {
                    if (!chunkSizeDigits) {
                        return false;
                    }
                    if (left == 0) {
                        state = TRAILER;
                        lineBytes = 0;
                    } else {
                        chunks++;
                        state = CHUNK_DATA;
                    }
                    return true;
                }
                if (b == '\r') {
                    return true;
                }
                if (b == ';' || b == ' ' || b == '\t') {
                    chunkSizeDone = true;       // a chunk extension follows: skip it
                    return true;
                }
                if (chunkSizeDone) {
                    return true;
                }
                int digit = Character.digit(b, 16);
                if (digit < 0 || left > (Long.MAX_VALUE >> 4)) {
                    return false;
                }
                left = (left << 4) | digit;
                chunkSizeDigits = true;
                return true;
            }
            case CHUNK_DATA_END -> {
                if (b == '\n') {
                    startChunk();
                    return true;
                }
                return b == '\r';
            }
            case TRAILER -> {
                if (b == '\n') {
                    if (lineBytes == 0) {
                        deliver();
                    }
                    lineBytes = 0;
                    return true;
                }
                if (b != '\r') {
                    lineBytes++;
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The next state of a case-insensitive search for {@code word} in a header value, {@code matched} bytes in. */
    private static int step(byte[] word, int matched, byte b) {
        byte lower = (byte) (b >= 'A' && b <= 'Z' ? b + 32 : b);
        return lower == word[matched] ? matched + 1 : (lower == word[0] ? 1 : 0);
    }

    private boolean matches(byte[] expected) {
        if (nameLength != expected.length) {
            return false;
        }
        for (int i = 0; i < nameLength; i++) {
            if (name[i] != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private void startHeaderLine() {
        state = HEADER_NAME;
        nameLength = 0;
        header = OTHER;
    }

    private boolean endOfHeaders() {
        headerBytes = 0;                        // a trailer section, if any, has its own bound
        bodyBytes = 0;
        chunks = 0;
        if (chunked) {
            startChunk();
            return true;
        }
        if (statusCode == 204 || statusCode == 304 || (statusCode >= 100 && statusCode < 200)) {
            deliver();
            return true;
        }
        if (!lengthSeen) {
            return false;                       // a body delimited by close: not for a load generator
        }
        if (contentLength == 0) {
            deliver();
            return true;
        }
        left = contentLength;
        state = BODY;
        return true;
    }

    private void startChunk() {
        state = CHUNK_SIZE;
        chunkLineBytes = 0;
        left = 0;
        chunkSizeDigits = false;
        chunkSizeDone = false;
    }

    private void deliver() {
        int code = statusCode;
        long body = bodyBytes;
        int count = chunks;
        boolean closing = close;
        state = STATUS_LINE;
        lineBytes = 0;
        headerBytes = 0;
        statusCode = 0;
        contentLength = 0;
        lengthSeen = false;
        chunked = false;
        left = 0;
        bodyBytes = 0;
        chunks = 0;
        close = false;
        if (code >= 200 || code < 100) {
            listener.onResponse(code, body, count, closing);
        }
    }
}
