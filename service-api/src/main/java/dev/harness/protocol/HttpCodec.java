package dev.harness.protocol;

import dev.harness.service.ErrorCode;
import dev.harness.service.Limits;
import dev.harness.service.Operation;
import dev.harness.service.Request;
import dev.harness.service.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 subset of docs/protocol.md §2 as a {@link WireCodec}. Four parts, one concept each:
 * {@code HttpRequestParser} frames each request from the bytes, {@code HttpRouter} maps it onto the same
 * operations as ACT frames ({@code GET /echo}, {@code POST /echo}, {@code /work}, {@code /subscribe},
 * {@code /relay/echo}, {@code /relay/work}), {@code HttpResponseEncoder} writes the answers and
 * {@code HttpExchanges} keeps them in request order.
 *
 * <p>The request's act is the connection's sequence number; the request header {@code X-ACT} is returned
 * unchanged. Answers are written in request order whatever order the server completes them in: an answer
 * that completes early waits in its exchange until those before it are written. At most
 * {@link #MAX_PIPELINED} requests are taken before their answers.
 *
 * <p>Errors: a malformed request line or header gets 400 and the connection closes; an unknown path 404;
 * a method other than GET, POST or HEAD 405; a body without {@code Content-Length} 411; a body over the
 * limit 413 and close; a header section over the limit 431 and close.
 *
 * <p>Costs: no regular expressions, no strings on the path of a well-formed request, and no allocation per
 * request beyond the request itself and a copy of its {@code X-ACT} value (exchanges are recycled in a ring).
 */
public final class HttpCodec implements WireCodec {

    /** Requests one connection may have taken and not yet answered. */
    public static final int MAX_PIPELINED = 64;

    private final HttpRequestParser parser;
    private final HttpExchanges exchanges = new HttpExchanges();
    private boolean stopReading;
    private boolean midHeader;

    public HttpCodec(Limits limits) {
        this.parser = new HttpRequestParser(limits);
    }

    @Override
    public int decode(ByteBuffer in, Inbound inbound, OutBuffer out) {
        midHeader = false;
        while (!stopReading) {
            if (exchanges.size() == MAX_PIPELINED) {
                return PAUSED;
            }
            int need = parser.parse(in);
            if (need == HttpRequestParser.REJECTED) {
                return reject(parser.rejection(), out);
            }
            if (need != HttpRequestParser.PARSED) {
                midHeader = parser.headerIncomplete();
                return need;
            }
            take(in, inbound, out);
        }
        return STOP_READING;
    }

    /** Takes the request the parser has just consumed: hands it on, or answers its routing error in turn. */
    private void take(ByteBuffer in, Inbound inbound, OutBuffer out) {
        HttpExchange exchange = exchanges.take(parser.xAct(), parser.method() == HttpRequestParser.METHOD_HEAD,
                parser.http10(), parser.close());
        if (exchange.close) {
            stopReading = true;
        }
        Object route = HttpRouter.route(in, parser, exchange);
        if (route instanceof Operation operation) {
            if (exchange.body == HttpExchange.Body.CHUNKED && exchange.http10) {
                // HTTP/1.0 has no chunked coding (RFC 9112 6.1): the stream's end is the connection's end
                exchange.close = true;
                stopReading = true;
            }
            inbound.onRequest(new Request(exchange.seq, operation));
        } else {
            writeError(exchange, (HttpError) route, out);
        }
    }

    @Override
    public void reply(Request request, Status status, ByteBuffer payload, OutBuffer out) {
        HttpExchange exchange = exchanges.find(request.act());
        if (exchange == null) {
            return;
        }
        if (status == Status.ERROR) {
            fail(request, ErrorCode.BAD_GATEWAY, StandardCharsets.UTF_8.decode(payload.duplicate()).toString(), out);
            return;
        }
        if (HttpResponseEncoder.answer(exchange, status, payload, exchanges.target(exchange, out))) {
            complete(exchange, out);
        }
    }

    @Override
    public void fail(Request request, ErrorCode code, String message, OutBuffer out) {
        HttpExchange exchange = exchanges.find(request.act());
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
        writeError(exchange, new HttpError(code.httpStatus(), code.reason(), message), out);
    }

    @Override
    public int heldOutputBytes() {
        return exchanges.heldBytes();
    }

    @Override
    public boolean finished() {
        return stopReading && exchanges.size() == 0;
    }

    @Override
    public boolean midHeader() {
        return midHeader;
    }

    @Override
    public void expire(String message, OutBuffer out) {
        midHeader = false;
        if (!stopReading) {
            reject(new HttpError(408, "Request Timeout", message), out);
        }
    }

    /** Answers a request that cannot be framed, as its own exchange in order, and stops reading. */
    private int reject(HttpError error, OutBuffer out) {
        HttpExchange exchange = exchanges.take(null, false, false, true);
        stopReading = true;
        writeError(exchange, error, out);
        return STOP_READING;
    }

    private void writeError(HttpExchange exchange, HttpError error, OutBuffer out) {
        HttpResponseEncoder.error(exchange, error, exchanges.target(exchange, out));
        complete(exchange, out);
    }

    private void complete(HttpExchange exchange, OutBuffer out) {
        if (exchanges.complete(exchange, out)) {
            stopReading = true;
        }
    }
}
