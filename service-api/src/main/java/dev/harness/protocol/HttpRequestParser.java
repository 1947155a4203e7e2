package dev.harness.protocol;

import static dev.harness.protocol.AsciiBytes.ascii;
import static dev.harness.protocol.AsciiBytes.containsTokenIgnoreCase;
import static dev.harness.protocol.AsciiBytes.equalsAt;
import static dev.harness.protocol.AsciiBytes.equalsIgnoreCaseAt;
import static dev.harness.protocol.AsciiBytes.hasControl;
import static dev.harness.protocol.AsciiBytes.hasControlOrSpace;
import static dev.harness.protocol.AsciiBytes.indexOf;
import static dev.harness.protocol.AsciiBytes.isToken;
import static dev.harness.protocol.AsciiBytes.isWhitespace;
import static dev.harness.protocol.AsciiBytes.parseDigits;

import dev.harness.service.Limits;
import java.nio.ByteBuffer;

/**
 * One connection's HTTP/1.1 request framing (RFC 9112, as docs/protocol.md §2 takes it): finds the next
 * complete request in the input — request line, header section, body — checks it, and describes it by
 * indices into the input buffer. What the request asks for is {@link HttpRouter}'s to say.
 *
 * <p>Guarantees: a request is consumed only once all of its bytes are here; until then the input is left as
 * it is and {@link #parse} says how many bytes the request needs. A request that cannot be framed is
 * {@link #REJECTED} with the {@link #rejection()} to answer before the connection closes: 400 for a
 * malformed request line or header, 411 for a chunked body, 413 for a body over {@code maxBodyBytes}, 431
 * for a header section over {@code maxHeaderBytes}. Nothing is allocated for a request before its header
 * section is checked against {@code maxHeaderBytes}, and a body is taken only once its {@code Content-Length}
 * is checked against {@code maxBodyBytes}.
 *
 * <p>Costs: the search for the end of a header section resumes where the last call stopped, so a header
 * that trickles in byte by byte costs O(n) in all; a well-formed request is parsed without a string and
 * allocates only a copy of its {@code X-ACT} value, if it has one.
 */
final class HttpRequestParser {

    /** Returned by {@link #parse}: a whole request was consumed; the accessors describe it. */
    static final int PARSED = 0;
    /** Returned by {@link #parse}: the request cannot be framed; answer {@link #rejection()} and close. */
    static final int REJECTED = -1;

    static final int METHOD_OTHER = 0;
    static final int METHOD_GET = 1;
    static final int METHOD_POST = 2;
    static final int METHOD_HEAD = 3;

    private static final byte[] GET = ascii("GET");
    private static final byte[] POST = ascii("POST");
    private static final byte[] HEAD = ascii("HEAD");
    private static final byte[] HTTP_1_1 = ascii("HTTP/1.1");
    private static final byte[] HTTP_1_0 = ascii("HTTP/1.0");
    private static final byte[] H_CONTENT_LENGTH = ascii("content-length");
    private static final byte[] H_TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] H_CONNECTION = ascii("connection");
    private static final byte[] H_X_ACT = ascii("x-act");
    private static final byte[] T_CLOSE = ascii("close");
    private static final byte[] T_KEEP_ALIVE = ascii("keep-alive");

    private final Limits limits;
    /** Bytes of the current header section already searched for its end. */
    private int scanned;
    private boolean headerIncomplete;
    private HttpError rejection;

    // The request last parsed: valid from PARSED until the next parse; its indices until the input is compacted.
    private int method;
    private boolean http10;
    private boolean close;
    private byte[] xAct;
    private int targetStart;
    private int targetEnd;
    private boolean hasContentLength;
    private int bodyStart;
    private int bodyBytes;

    HttpRequestParser(Limits limits) {
        this.limits = limits;
    }

    /**
     * Frames the request at {@code in}'s position and, when it is complete, moves the position past it.
     *
     * @return {@link #PARSED}, {@link #REJECTED}, or the bytes from the position on that the request needs
     *     (at least 1 more than there are)
     */
    int parse(ByteBuffer in) {
        headerIncomplete = false;
        while (in.hasRemaining() && (in.get(in.position()) == '\r' || in.get(in.position()) == '\n')) {
            in.get(); // RFC 9112 2.2: ignore empty lines before a request line
        }
        int start = in.position();
        int available = in.limit() - start;
        if (available == 0) {
            return 1;
        }
        if (in.get(start) < 'A' || in.get(start) > 'Z') {
            return reject(HttpError.badRequest("a request line starts with an upper-case method"));
        }
        int headerEnd = findHeaderEnd(in, start);
        if (headerEnd < 0) {
            if (available > limits.maxHeaderBytes()) {
                return rejectHeaderTooLarge();
            }
            headerIncomplete = true;
            return available + 1;
        }
        if (headerEnd - start > limits.maxHeaderBytes()) {
            return rejectHeaderTooLarge();
        }
        return parseRequest(in, start, headerEnd);
    }

    /** Whether the last {@link #parse} stopped for want of the end of a header section. */
    boolean headerIncomplete() {
        return headerIncomplete;
    }

    /** The answer to the request the last {@link #parse} {@link #REJECTED}. */
    HttpError rejection() {
        return rejection;
    }

    /** The method of the request last parsed: {@link #METHOD_GET}, {@link #METHOD_POST}, {@link #METHOD_HEAD} or {@link #METHOD_OTHER}. */
    int method() {
        return method;
    }

    boolean http10() {
        return http10;
    }

    /** Whether the connection closes after this request: {@code Connection: close}, or HTTP/1.0 without keep-alive. */
    boolean close() {
        return close;
    }

    /** The request's {@code X-ACT} value, or null. */
    byte[] xAct() {
        return xAct;
    }

    /** Where the request target (path and query) starts in the input buffer. */
    int targetStart() {
        return targetStart;
    }

    /** Where the request target ends in the input buffer (exclusive). */
    int targetEnd() {
        return targetEnd;
    }

    boolean hasContentLength() {
        return hasContentLength;
    }

    /** Where the body starts in the input buffer; it stays there until the buffer is next compacted. */
    int bodyStart() {
        return bodyStart;
    }

    int bodyBytes() {
        return bodyBytes;
    }

    /** The index just past the blank line that ends the header section, or -1. */
    private int findHeaderEnd(ByteBuffer in, int start) {
        int limit = in.limit();
        for (int i = start + Math.max(0, scanned - 3); i + 3 < limit; i++) {
            if (in.get(i + 3) == '\n' && in.get(i) == '\r' && in.get(i + 1) == '\n' && in.get(i + 2) == '\r') {
                scanned = 0;
                return i + 4;
            }
        }
        scanned = limit - start;
        return -1;
    }

    /** Parses the request whose header section is [start, headerEnd) and consumes it when its body is here. */
    private int parseRequest(ByteBuffer in, int start, int headerEnd) {
        int lineEnd = indexOf(in, start, headerEnd, (byte) '\r');
        if (in.get(lineEnd + 1) != '\n') {
            return reject(HttpError.badRequest("the request line must end with CRLF"));
        }
        int sp1 = indexOf(in, start, lineEnd, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(in, sp1 + 1, lineEnd, (byte) ' ');
        if (sp1 <= start || sp2 <= sp1 + 1) {
            return reject(HttpError.badRequest("malformed request line"));
        }
        boolean http11 = equalsAt(in, sp2 + 1, lineEnd, HTTP_1_1);
        if (!http11 && !equalsAt(in, sp2 + 1, lineEnd, HTTP_1_0)) {
            return reject(HttpError.badRequest("only HTTP/1.1 and HTTP/1.0 are spoken here"));
        }
        int requestMethod = equalsAt(in, start, sp1, GET) ? METHOD_GET
                : equalsAt(in, start, sp1, POST) ? METHOD_POST
                : equalsAt(in, start, sp1, HEAD) ? METHOD_HEAD : METHOD_OTHER;
        if (requestMethod == METHOD_OTHER && !isToken(in, start, sp1)) {
            return reject(HttpError.badRequest("malformed method"));
        }
        if (in.get(sp1 + 1) != '/' || hasControlOrSpace(in, sp1 + 1, sp2)) {
            return reject(HttpError.badRequest("the request target must be an absolute path without spaces or control characters"));
        }

        long contentLength = -1;
        boolean chunkedBody = false;
        boolean closeToken = false;
        boolean keepAliveToken = false;
        byte[] requestXAct = null;
        int line = lineEnd + 2;
        while (line < headerEnd - 2) {
            int end = indexOf(in, line, headerEnd, (byte) '\r');
            if (end < 0 || in.get(end + 1) != '\n') {
                return reject(HttpError.badRequest("a header line must end with CRLF"));
            }
            int colon = indexOf(in, line, end, (byte) ':');
            if (colon <= line || !isToken(in, line, colon)) {
                return reject(HttpError.badRequest("malformed header field"));
            }
            int valueStart = colon + 1;
            while (valueStart < end && isWhitespace(in.get(valueStart))) {
                valueStart++;
            }
            int valueEnd = end;
            while (valueEnd > valueStart && isWhitespace(in.get(valueEnd - 1))) {
                valueEnd--;
            }
            if (hasControl(in, valueStart, valueEnd)) {
                // a bare LF or NUL here could smuggle a header into the X-ACT echo: RFC 9110 5.5
                return reject(HttpError.badRequest("a header value holds a control character"));
            }
            if (equalsIgnoreCaseAt(in, line, colon, H_CONTENT_LENGTH)) {
                long value = parseDigits(in, valueStart, valueEnd, Long.MAX_VALUE / 10);
                if (value < 0 || (contentLength >= 0 && value != contentLength)) {
                    return reject(HttpError.badRequest("invalid Content-Length"));
                }
                contentLength = value;
            } else if (equalsIgnoreCaseAt(in, line, colon, H_TRANSFER_ENCODING)) {
                chunkedBody = true;
            } else if (equalsIgnoreCaseAt(in, line, colon, H_CONNECTION)) {
                closeToken |= containsTokenIgnoreCase(in, valueStart, valueEnd, T_CLOSE);
                keepAliveToken |= containsTokenIgnoreCase(in, valueStart, valueEnd, T_KEEP_ALIVE);
            } else if (equalsIgnoreCaseAt(in, line, colon, H_X_ACT)) {
                requestXAct = new byte[valueEnd - valueStart];
                in.get(valueStart, requestXAct);
            }
            line = end + 2;
        }

        if (chunkedBody) {
            return reject(new HttpError(411, "Length Required", "request bodies need Content-Length; chunked bodies are not taken"));
        }
        if (contentLength > limits.maxBodyBytes()) {
            return reject(new HttpError(413, "Content Too Large", "the body is over " + limits.maxBodyBytes() + " bytes"));
        }
        int requestBodyBytes = (int) Math.max(0, contentLength);
        int total = headerEnd - start + requestBodyBytes;
        if (in.limit() - start < total) {
            // the body is still coming: the next search starts just before this header's blank line
            scanned = headerEnd - start - 1;
            return total;
        }
        in.position(start + total);
        method = requestMethod;
        http10 = !http11;
        close = http11 ? closeToken : !keepAliveToken;
        xAct = requestXAct;
        targetStart = sp1 + 1;
        targetEnd = sp2;
        hasContentLength = contentLength >= 0;
        bodyStart = headerEnd;
        bodyBytes = requestBodyBytes;
        return PARSED;
    }

    private int rejectHeaderTooLarge() {
        return reject(new HttpError(431, "Request Header Fields Too Large", "the header section is over " + limits.maxHeaderBytes() + " bytes"));
    }

    private int reject(HttpError error) {
        rejection = error;
        return REJECTED;
    }
}
