package dev.harness.protocol;

import dev.harness.service.ErrorCode;
import dev.harness.service.Limits;
import dev.harness.service.Operation;
import dev.harness.service.Request;
import dev.harness.service.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 subset of docs/protocol.md §2, parsed from bytes: no regular expressions, no strings on the
 * path of a well-formed request, and no allocation per request beyond the request itself (exchanges are
 * recycled in a ring).
 *
 * <p>Routes map onto the same operations as ACT frames: {@code GET /echo} is an ECHO of {@code hello\n},
 * {@code POST /echo} an ECHO of the body, {@code /work}, {@code /subscribe}, {@code /relay/echo} and
 * {@code /relay/work} the other ops. The request's act is the connection's sequence number; the request
 * header {@code X-ACT} is returned unchanged. Answers are written in request order whatever order the
 * server completes them in: an answer that completes early waits in its exchange until those before it
 * are written. At most {@link #MAX_PIPELINED} requests are taken before their answers.
 *
 * <p>Errors: a malformed request line or header gets 400 and the connection closes; an unknown path 404;
 * a method other than GET, POST or HEAD 405; a body without {@code Content-Length} 411; a body over the
 * limit 413 and close; a header section over the limit 431 and close.
 */
public final class HttpCodec implements WireCodec {

    /** Requests one connection may have taken and not yet answered. */
    public static final int MAX_PIPELINED = 64;

    static final ByteBuffer HELLO = ByteBuffer.wrap(ascii("hello\n")).asReadOnlyBuffer();

    private static final byte[] OK_LINE = ascii("HTTP/1.1 200 OK\r\n");
    private static final byte[] TEXT_PLAIN = ascii("Content-Type: text/plain\r\n");
    private static final byte[] OCTET_STREAM = ascii("Content-Type: application/octet-stream\r\n");
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] X_ACT = ascii("X-ACT: ");
    private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] ALLOW_ANY = ascii("Allow: GET, POST, HEAD\r\n");
    private static final byte[] ALLOW_GET = ascii("Allow: GET, HEAD\r\n");
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] LAST_CHUNK = ascii("0\r\n\r\n");

    private static final byte[] GET = ascii("GET");
    private static final byte[] POST = ascii("POST");
    private static final byte[] HEAD = ascii("HEAD");
    private static final byte[] HTTP_1_1 = ascii("HTTP/1.1");
    private static final byte[] HTTP_1_0 = ascii("HTTP/1.0");
    private static final byte[] PATH_ECHO = ascii("/echo");
    private static final byte[] PATH_WORK = ascii("/work");
    private static final byte[] PATH_SUBSCRIBE = ascii("/subscribe");
    private static final byte[] PATH_RELAY_ECHO = ascii("/relay/echo");
    private static final byte[] PATH_RELAY_WORK = ascii("/relay/work");
    private static final byte[] H_CONTENT_LENGTH = ascii("content-length");
    private static final byte[] H_TRANSFER_ENCODING = ascii("transfer-encoding");
    private static final byte[] H_CONNECTION = ascii("connection");
    private static final byte[] H_X_ACT = ascii("x-act");
    private static final byte[] T_CLOSE = ascii("close");
    private static final byte[] T_KEEP_ALIVE = ascii("keep-alive");
    private static final byte[] Q_CPU = ascii("cpu_us");
    private static final byte[] Q_WAIT = ascii("wait_us");
    private static final byte[] Q_REPLY = ascii("reply_bytes");
    private static final byte[] Q_COUNT = ascii("count");
    private static final byte[] Q_INTERVAL = ascii("interval_us");
    private static final byte[] Q_EVENT = ascii("event_bytes");

    private static final int METHOD_GET = 1;
    private static final int METHOD_POST = 2;
    private static final int METHOD_HEAD = 3;

    /** How an exchange's answer is framed. */
    private enum Body { TEXT, OCTETS, CHUNKED }

    /** One request taken and the state of its answer; recycled through the ring. */
    private static final class Exchange {
        long seq;
        Body body;
        boolean headMethod;
        boolean http10;
        boolean close;
        byte[] xAct;
        boolean started;
        boolean done;
        OutBuffer held;

        void reset(long newSeq) {
            seq = newSeq;
            body = Body.OCTETS;
            headMethod = false;
            http10 = false;
            close = false;
            xAct = null;
            started = false;
            done = false;
            if (held != null) {
                held.clear();
            }
        }
    }

    private final Limits limits;
    private Exchange[] ring = new Exchange[2];
    private int first;
    private int count;
    private long nextSeq;
    private boolean stopReading;
    private boolean midHeader;
    /** Bytes of the current header section already searched for its end, so a slow client costs O(n). */
    private int scanned;

    public HttpCodec(Limits limits) {
        this.limits = limits;
    }

    @Override
    public int decode(ByteBuffer in, Inbound inbound, OutBuffer out) {
        midHeader = false;
        while (!stopReading) {
            if (count == MAX_PIPELINED) {
                return PAUSED;
            }
            while (in.hasRemaining() && (in.get(in.position()) == '\r' || in.get(in.position()) == '\n')) {
                in.get(); // RFC 9112 2.2: ignore empty lines before a request line
            }
            int start = in.position();
            int available = in.limit() - start;
            if (available == 0) {
                return 1;
            }
            if (in.get(start) < 'A' || in.get(start) > 'Z') {
                return reject(out, 400, "Bad Request", "a request line starts with an upper-case method", true);
            }
            int headerEnd = findHeaderEnd(in, start);
            if (headerEnd < 0) {
                if (available > limits.maxHeaderBytes()) {
                    return reject(out, 431, "Request Header Fields Too Large",
                            "the header section is over " + limits.maxHeaderBytes() + " bytes", true);
                }
                midHeader = true;
                return available + 1;
            }
            int headerBytes = headerEnd - start;
            if (headerBytes > limits.maxHeaderBytes()) {
                return reject(out, 431, "Request Header Fields Too Large",
                        "the header section is over " + limits.maxHeaderBytes() + " bytes", true);
            }
            int need = parseRequest(in, start, headerEnd, inbound, out);
            if (need != 0) {
                return need;
            }
        }
        return STOP_READING;
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

    /**
     * Parses the request whose header section is [start, headerEnd) and consumes it when its body is here.
     *
     * @return 0 when it was consumed (or answered), {@link #STOP_READING}, or the bytes the request needs
     */
    private int parseRequest(ByteBuffer in, int start, int headerEnd, Inbound inbound, OutBuffer out) {
        int lineEnd = indexOf(in, start, headerEnd, (byte) '\r');
        if (in.get(lineEnd + 1) != '\n') {
            return reject(out, 400, "Bad Request", "the request line must end with CRLF", true);
        }
        int sp1 = indexOf(in, start, lineEnd, (byte) ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(in, sp1 + 1, lineEnd, (byte) ' ');
        if (sp1 <= start || sp2 <= sp1 + 1) {
            return reject(out, 400, "Bad Request", "malformed request line", true);
        }
        boolean http11 = equalsAt(in, sp2 + 1, lineEnd, HTTP_1_1);
        if (!http11 && !equalsAt(in, sp2 + 1, lineEnd, HTTP_1_0)) {
            return reject(out, 400, "Bad Request", "only HTTP/1.1 and HTTP/1.0 are spoken here", true);
        }
        int method = equalsAt(in, start, sp1, GET) ? METHOD_GET
                : equalsAt(in, start, sp1, POST) ? METHOD_POST
                : equalsAt(in, start, sp1, HEAD) ? METHOD_HEAD : 0;
        if (method == 0 && !isToken(in, start, sp1)) {
            return reject(out, 400, "Bad Request", "malformed method", true);
        }
        if (in.get(sp1 + 1) != '/' || hasControlOrSpace(in, sp1 + 1, sp2)) {
            return reject(out, 400, "Bad Request", "the request target must be an absolute path without spaces or control characters", true);
        }

        long contentLength = -1;
        boolean chunkedBody = false;
        boolean closeToken = false;
        boolean keepAliveToken = false;
        byte[] xAct = null;
        int line = lineEnd + 2;
        while (line < headerEnd - 2) {
            int end = indexOf(in, line, headerEnd, (byte) '\r');
            if (end < 0 || in.get(end + 1) != '\n') {
                return reject(out, 400, "Bad Request", "a header line must end with CRLF", true);
            }
            int colon = indexOf(in, line, end, (byte) ':');
            if (colon <= line || !isToken(in, line, colon)) {
                return reject(out, 400, "Bad Request", "malformed header field", true);
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
                return reject(out, 400, "Bad Request", "a header value holds a control character", true);
            }
            if (equalsIgnoreCaseAt(in, line, colon, H_CONTENT_LENGTH)) {
                long value = parseDigits(in, valueStart, valueEnd, Long.MAX_VALUE / 10);
                if (value < 0 || (contentLength >= 0 && value != contentLength)) {
                    return reject(out, 400, "Bad Request", "invalid Content-Length", true);
                }
                contentLength = value;
            } else if (equalsIgnoreCaseAt(in, line, colon, H_TRANSFER_ENCODING)) {
                chunkedBody = true;
            } else if (equalsIgnoreCaseAt(in, line, colon, H_CONNECTION)) {
                closeToken |= containsTokenIgnoreCase(in, valueStart, valueEnd, T_CLOSE);
                keepAliveToken |= containsTokenIgnoreCase(in, valueStart, valueEnd, T_KEEP_ALIVE);
            } else if (equalsIgnoreCaseAt(in, line, colon, H_X_ACT)) {
                xAct = new byte[valueEnd - valueStart];
                in.get(valueStart, xAct);
            }
            line = end + 2;
        }

        if (chunkedBody) {
            return reject(out, 411, "Length Required", "request bodies need Content-Length; chunked bodies are not taken", true);
        }
        if (contentLength > limits.maxBodyBytes()) {
            return reject(out, 413, "Content Too Large", "the body is over " + limits.maxBodyBytes() + " bytes", true);
        }
        int bodyBytes = (int) Math.max(0, contentLength);
        int total = headerEnd - start + bodyBytes;
        if (in.limit() - start < total) {
            // the body is still coming: the next search starts just before this header's blank line
            scanned = headerEnd - start - 1;
            return total;
        }
        in.position(start + total);

        Exchange exchange = take(xAct, method == METHOD_HEAD, !(http11 ? !closeToken : keepAliveToken));
        exchange.http10 = !http11;
        if (exchange.close) {
            stopReading = true;
        }
        if (method == 0) {
            writeError(exchange, 405, "Method Not Allowed", "only GET, POST and HEAD are served", ALLOW_ANY, out);
            return 0;
        }
        if (method == METHOD_POST && contentLength < 0) {
            writeError(exchange, 411, "Length Required", "a POST needs Content-Length", out);
            return 0;
        }
        Object route = route(in, sp1 + 1, sp2, method, headerEnd, bodyBytes, exchange);
        if (route instanceof Operation operation) {
            if (exchange.body == Body.CHUNKED && exchange.http10) {
                // HTTP/1.0 has no chunked coding (RFC 9112 6.1): the stream's end is the connection's end
                exchange.close = true;
                stopReading = true;
            }
            inbound.onRequest(new Request(exchange.seq, operation));
        } else {
            RouteError error = (RouteError) route;
            writeError(exchange, error.status, error.reason, error.message, error == POST_NOT_ALLOWED ? ALLOW_GET : null, out);
        }
        return 0;
    }

    private record RouteError(int status, String reason, String message) {
    }

    /** Paths that serve only GET and HEAD (every path but {@code /echo} and {@code /relay/echo}). */
    private static final RouteError POST_NOT_ALLOWED = new RouteError(405, "Method Not Allowed", "this path takes GET or HEAD");

    /** The operation a target names, or a {@link RouteError}. */
    private static Object route(ByteBuffer in, int targetStart, int targetEnd, int method, int bodyStart,
                                int bodyBytes, Exchange exchange) {
        int question = indexOf(in, targetStart, targetEnd, (byte) '?');
        int pathEnd = question < 0 ? targetEnd : question;
        int queryStart = question < 0 ? targetEnd : question + 1;
        if (equalsAt(in, targetStart, pathEnd, PATH_ECHO) || equalsAt(in, targetStart, pathEnd, PATH_RELAY_ECHO)) {
            ByteBuffer data;
            if (method == METHOD_POST) {
                data = ByteBuffer.allocate(bodyBytes);
                data.put(0, in, bodyStart, bodyBytes);
            } else {
                exchange.body = Body.TEXT;
                data = HELLO;
            }
            return pathEnd - targetStart == PATH_ECHO.length
                    ? new Operation.Echo(data)
                    : new Operation.Relay(Operation.ECHO, data);
        }
        boolean work = equalsAt(in, targetStart, pathEnd, PATH_WORK);
        boolean relayWork = !work && equalsAt(in, targetStart, pathEnd, PATH_RELAY_WORK);
        boolean subscribe = !work && !relayWork && equalsAt(in, targetStart, pathEnd, PATH_SUBSCRIBE);
        if (!work && !relayWork && !subscribe) {
            return new RouteError(404, "Not Found", "no such path; try /echo, /work, /subscribe, /relay/echo, /relay/work");
        }
        if (method == METHOD_POST) {
            return POST_NOT_ALLOWED;
        }
        long[] params = new long[3];
        byte[][] names = subscribe ? new byte[][] {Q_COUNT, Q_INTERVAL, Q_EVENT} : new byte[][] {Q_CPU, Q_WAIT, Q_REPLY};
        String bad = parseQuery(in, queryStart, targetEnd, names, params);
        if (bad != null) {
            return new RouteError(400, "Bad Request", bad);
        }
        if (subscribe) {
            if (params[2] == 0) {
                return new RouteError(400, "Bad Request", "event_bytes must be at least 1 over HTTP: an empty chunk ends the stream");
            }
            exchange.body = Body.CHUNKED;
            return new Operation.Subscribe((int) params[0], (int) params[1], (int) params[2]);
        }
        Operation.Work operation = new Operation.Work((int) params[0], (int) params[1], (int) params[2]);
        if (work) {
            return operation;
        }
        ByteBuffer inner = ByteBuffer.allocate(ActCodec.THREE_U32_BYTES)
                .putInt(operation.cpuMicros()).putInt(operation.waitMicros()).putInt(operation.replyBytes())
                .flip();
        return new Operation.Relay(Operation.WORK, inner);
    }

    /** Fills {@code values} from {@code name=digits} pairs; null, or why the query is bad. */
    private static String parseQuery(ByteBuffer in, int start, int end, byte[][] names, long[] values) {
        int pair = start;
        while (pair < end) {
            int amp = indexOf(in, pair, end, (byte) '&');
            int pairEnd = amp < 0 ? end : amp;
            int eq = indexOf(in, pair, pairEnd, (byte) '=');
            if (eq > pair) {
                for (int i = 0; i < names.length; i++) {
                    if (equalsAt(in, pair, eq, names[i])) {
                        long value = parseDigits(in, eq + 1, pairEnd, Integer.MAX_VALUE);
                        if (value < 0) {
                            return new String(names[i], StandardCharsets.US_ASCII)
                                    + " must be a whole number from 0 to " + Integer.MAX_VALUE;
                        }
                        values[i] = value;
                    }
                }
            }
            pair = pairEnd + 1;
        }
        return null;
    }

    private Exchange take(byte[] xAct, boolean headMethod, boolean close) {
        if (count == ring.length) {
            Exchange[] grown = new Exchange[ring.length * 2];
            for (int i = 0; i < count; i++) {
                grown[i] = ring[(first + i) % ring.length];
            }
            ring = grown;
            first = 0;
        }
        int slot = (first + count) % ring.length;
        Exchange exchange = ring[slot];
        if (exchange == null) {
            exchange = new Exchange();
            ring[slot] = exchange;
        }
        exchange.reset(nextSeq++);
        exchange.xAct = xAct;
        exchange.headMethod = headMethod;
        exchange.close = close;
        count++;
        return exchange;
    }

    private Exchange find(long seq) {
        if (count == 0) {
            return null;
        }
        long index = seq - ring[first].seq;
        if (index < 0 || index >= count) {
            return null;
        }
        Exchange exchange = ring[(first + (int) index) % ring.length];
        return exchange.done ? null : exchange;
    }

    private boolean isFirst(Exchange exchange) {
        return ring[first] == exchange;
    }

    /** Where an exchange's bytes go: the connection's output when it is first in line, else its own buffer. */
    private OutBuffer target(Exchange exchange, OutBuffer out) {
        if (isFirst(exchange)) {
            return out;
        }
        if (exchange.held == null) {
            exchange.held = new OutBuffer(256);
        }
        return exchange.held;
    }

    @Override
    public void reply(Request request, Status status, ByteBuffer payload, OutBuffer out) {
        Exchange exchange = find(request.act());
        if (exchange == null) {
            return;
        }
        if (status == Status.ERROR) {
            fail(request, ErrorCode.BAD_GATEWAY, StandardCharsets.UTF_8.decode(payload.duplicate()).toString(), out);
            return;
        }
        OutBuffer target = target(exchange, out);
        if (exchange.body == Body.CHUNKED) {
            if (!exchange.started) {
                exchange.started = true;
                target.put(OK_LINE).put(OCTET_STREAM);
                if (!exchange.http10) {
                    target.put(CHUNKED);
                }
                endHeaders(exchange, target);
            }
            if (!exchange.headMethod && payload.hasRemaining()) {
                if (exchange.http10) {
                    target.put(payload);
                } else {
                    target.putHex(payload.remaining()).put(CRLF).put(payload).put(CRLF);
                }
            }
            if (status == Status.LAST) {
                if (!exchange.headMethod && !exchange.http10) {
                    target.put(LAST_CHUNK);
                }
                complete(exchange, out);
            }
            return;
        }
        target.put(OK_LINE).put(exchange.body == Body.TEXT ? TEXT_PLAIN : OCTET_STREAM)
                .put(CONTENT_LENGTH).putDecimal(payload.remaining()).put(CRLF);
        endHeaders(exchange, target);
        if (!exchange.headMethod) {
            target.put(payload);
        }
        complete(exchange, out);
    }

    @Override
    public void fail(Request request, ErrorCode code, String message, OutBuffer out) {
        Exchange exchange = find(request.act());
        if (exchange == null) {
            return;
        }
        if (exchange.started) {
            // the status line went out already: the only way left to say "failed" is to cut the stream
            exchange.close = true;
            stopReading = true;
            complete(exchange, out);
            return;
        }
        writeError(exchange, code.httpStatus(), code.reason(), message, out);
    }

    @Override
    public boolean finished() {
        return stopReading && count == 0;
    }

    @Override
    public boolean midHeader() {
        return midHeader;
    }

    @Override
    public void expire(String message, OutBuffer out) {
        midHeader = false;
        if (!stopReading) {
            reject(out, 408, "Request Timeout", message, true);
        }
    }

    private void writeError(Exchange exchange, int status, String reason, String message, OutBuffer out) {
        writeError(exchange, status, reason, message, null, out);
    }

    private void writeError(Exchange exchange, int status, String reason, String message, byte[] allow, OutBuffer out) {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        OutBuffer target = target(exchange, out);
        target.put(ascii("HTTP/1.1 " + status + " " + reason + "\r\n")).put(TEXT_PLAIN);
        if (allow != null) {
            target.put(allow);
        }
        target.put(CONTENT_LENGTH).putDecimal(body.length).put(CRLF);
        endHeaders(exchange, target);
        if (!exchange.headMethod) {
            target.put(body);
        }
        complete(exchange, out);
    }

    private static void endHeaders(Exchange exchange, OutBuffer target) {
        if (exchange.xAct != null) {
            target.put(X_ACT).put(exchange.xAct).put(CRLF);
        }
        if (exchange.close) {
            target.put(CONNECTION_CLOSE);
        } else if (exchange.http10) {
            target.put(CONNECTION_KEEP_ALIVE);
        }
        target.put(CRLF);
    }

    /** Marks an exchange answered and writes out, in order, every answer that no longer waits. */
    private void complete(Exchange exchange, OutBuffer out) {
        exchange.done = true;
        while (count > 0) {
            Exchange head = ring[first];
            if (head.held != null) {
                out.putAll(head.held);
            }
            if (!head.done) {
                return;
            }
            if (head.close) {
                stopReading = true;
                count = 0;
                return;
            }
            first = (first + 1) % ring.length;
            count--;
        }
    }

    /** Answers a request that cannot be decoded, as its own exchange in order, and stops reading. */
    private int reject(OutBuffer out, int status, String reason, String message, boolean close) {
        Exchange exchange = take(null, false, close);
        stopReading |= close;
        writeError(exchange, status, reason, message, out);
        return stopReading ? STOP_READING : 0;
    }

    private static int indexOf(ByteBuffer in, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (in.get(i) == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean equalsAt(ByteBuffer in, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (in.get(from + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Compares with a lower-case ASCII {@code expected}. */
    private static boolean equalsIgnoreCaseAt(ByteBuffer in, int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (toLower(in.get(from + i)) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    /** Whether the comma-separated list in [from, to) holds the lower-case token {@code token}. */
    private static boolean containsTokenIgnoreCase(ByteBuffer in, int from, int to, byte[] token) {
        int i = from;
        while (i < to) {
            int comma = indexOf(in, i, to, (byte) ',');
            int end = comma < 0 ? to : comma;
            int s = i;
            while (s < end && isWhitespace(in.get(s))) {
                s++;
            }
            int e = end;
            while (e > s && isWhitespace(in.get(e - 1))) {
                e--;
            }
            if (equalsIgnoreCaseAt(in, s, e, token)) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }

    /** The decimal number in [from, to), or -1 when it is empty, not all digits, or over {@code max}. */
    private static long parseDigits(ByteBuffer in, int from, int to, long max) {
        if (from >= to || to - from > 19) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            if (b < '0' || b > '9') {
                return -1;
            }
            value = value * 10 + (b - '0');
            if (value > max) {
                return -1;
            }
        }
        return value;
    }

    /** RFC 9110 tchar. */
    private static boolean isToken(ByteBuffer in, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            boolean ok = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
            if (!ok) {
                return false;
            }
        }
        return from < to;
    }

    /** Whether [from, to) holds a control character other than horizontal tab (RFC 9110 field-value). */
    private static boolean hasControl(ByteBuffer in, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            if ((b < 0x20 && b != '\t') || b == 0x7F) {
                return true;
            }
        }
        return false;
    }

    /** Whether [from, to) holds a control character or a space (not allowed in a request target). */
    private static boolean hasControlOrSpace(ByteBuffer in, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = in.get(i);
            if (b <= 0x20 || b == 0x7F) {
                return true;
            }
        }
        return false;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t';
    }

    private static byte toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
