package dev.harness.protocol;

import static dev.harness.protocol.AsciiBytes.ascii;
import static dev.harness.protocol.AsciiBytes.equalsAt;
import static dev.harness.protocol.AsciiBytes.indexOf;
import static dev.harness.protocol.AsciiBytes.parseDigits;
import static dev.harness.protocol.HttpRequestParser.METHOD_OTHER;
import static dev.harness.protocol.HttpRequestParser.METHOD_POST;

import dev.harness.service.Operation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The routes of docs/protocol.md §2: a framed request's method and target to the {@link Operation} it asks
 * for — the same operations as ACT frames. {@code GET /echo} is an ECHO of {@code hello\n}, {@code POST /echo}
 * an ECHO of the body; {@code /work?cpu_us=&wait_us=&reply_bytes=}, {@code /subscribe?count=&interval_us=&event_bytes=},
 * {@code /relay/echo} and {@code /relay/work} the other ops. A query parameter left out is 0.
 *
 * <p>Errors, answered in the request's turn on a connection that stays open: a method other than GET, POST
 * or HEAD gets 405; a POST without {@code Content-Length} 411; an unknown path 404; a POST to a path that
 * takes GET only 405 with {@code Allow: GET, HEAD}; a query value that is not a whole number up to
 * {@link Integer#MAX_VALUE} 400, as does a SUBSCRIBE with {@code event_bytes=0}. Limits on the values
 * themselves are the service's.
 *
 * <p>Costs: matched byte by byte against constant paths, with no string; allocates the {@link Operation},
 * plus a copy of the body for a POST echo and the 12-byte inner payload of a relayed WORK.
 */
final class HttpRouter {

    /** The body of {@code GET /echo}. */
    private static final ByteBuffer HELLO = ByteBuffer.wrap(ascii("hello\n")).asReadOnlyBuffer();

    private static final byte[] PATH_ECHO = ascii("/echo");
    private static final byte[] PATH_WORK = ascii("/work");
    private static final byte[] PATH_SUBSCRIBE = ascii("/subscribe");
    private static final byte[] PATH_RELAY_ECHO = ascii("/relay/echo");
    private static final byte[] PATH_RELAY_WORK = ascii("/relay/work");
    private static final byte[][] WORK_PARAMETERS = {ascii("cpu_us"), ascii("wait_us"), ascii("reply_bytes")};
    private static final byte[][] SUBSCRIBE_PARAMETERS = {ascii("count"), ascii("interval_us"), ascii("event_bytes")};

    private static final HttpError METHOD_NOT_ALLOWED =
            new HttpError(405, "Method Not Allowed", "only GET, POST and HEAD are served", "GET, POST, HEAD");
    private static final HttpError POST_WITHOUT_LENGTH = new HttpError(411, "Length Required", "a POST needs Content-Length");
    private static final HttpError NOT_FOUND =
            new HttpError(404, "Not Found", "no such path; try /echo, /work, /subscribe, /relay/echo, /relay/work");
    /** Paths that serve only GET and HEAD (every path but {@code /echo} and {@code /relay/echo}). */
    private static final HttpError POST_NOT_ALLOWED =
            new HttpError(405, "Method Not Allowed", "this path takes GET or HEAD", "GET, HEAD");
    private static final HttpError EMPTY_EVENTS =
            HttpError.badRequest("event_bytes must be at least 1 over HTTP: an empty chunk ends the stream");

    private HttpRouter() {
    }

    /**
     * The operation the request {@code request} last parsed asks for, or the {@link HttpError} to answer
     * instead. Sets how {@code exchange}'s answer is framed: text for a GET echo, chunked for a stream.
     */
    static Object route(ByteBuffer in, HttpRequestParser request, HttpExchange exchange) {
        int method = request.method();
        if (method == METHOD_OTHER) {
            return METHOD_NOT_ALLOWED;
        }
        if (method == METHOD_POST && !request.hasContentLength()) {
            return POST_WITHOUT_LENGTH;
        }
        int targetStart = request.targetStart();
        int targetEnd = request.targetEnd();
        int question = indexOf(in, targetStart, targetEnd, (byte) '?');
        int pathEnd = question < 0 ? targetEnd : question;
        if (equalsAt(in, targetStart, pathEnd, PATH_ECHO) || equalsAt(in, targetStart, pathEnd, PATH_RELAY_ECHO)) {
            ByteBuffer data;
            if (method == METHOD_POST) {
                data = ByteBuffer.allocate(request.bodyBytes());
                data.put(0, in, request.bodyStart(), request.bodyBytes());
            } else {
                exchange.body = HttpExchange.Body.TEXT;
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
            return NOT_FOUND;
        }
        if (method == METHOD_POST) {
            return POST_NOT_ALLOWED;
        }
        byte[][] names = subscribe ? SUBSCRIBE_PARAMETERS : WORK_PARAMETERS;
        int first = 0;
        int second = 0;
        int third = 0;
        int pair = question < 0 ? targetEnd : question + 1;
        while (pair < targetEnd) {
            int amp = indexOf(in, pair, targetEnd, (byte) '&');
            int pairEnd = amp < 0 ? targetEnd : amp;
            int eq = indexOf(in, pair, pairEnd, (byte) '=');
            int name = eq > pair ? nameIndex(in, pair, eq, names) : -1;
            if (name >= 0) {
                long value = parseDigits(in, eq + 1, pairEnd, Integer.MAX_VALUE);
                if (value < 0) {
                    return HttpError.badRequest(new String(names[name], StandardCharsets.US_ASCII)
                            + " must be a whole number from 0 to " + Integer.MAX_VALUE);
                }
                switch (name) {
                    case 0 -> first = (int) value;
                    case 1 -> second = (int) value;
                    default -> third = (int) value;
                }
            }
            pair = pairEnd + 1;
        }
        if (subscribe) {
            if (third == 0) {
                return EMPTY_EVENTS;
            }
            exchange.body = HttpExchange.Body.CHUNKED;
            return new Operation.Subscribe(first, second, third);
        }
        if (work) {
            return new Operation.Work(first, second, third);
        }
        ByteBuffer inner = ByteBuffer.allocate(ActCodec.THREE_U32_BYTES).putInt(first).putInt(second).putInt(third).flip();
        return new Operation.Relay(Operation.WORK, inner);
    }

    /** The index in {@code names} of the name in [from, to), or -1. */
    private static int nameIndex(ByteBuffer in, int from, int to, byte[][] names) {
        for (int i = 0; i < names.length; i++) {
            if (equalsAt(in, from, to, names[i])) {
                return i;
            }
        }
        return -1;
    }
}
