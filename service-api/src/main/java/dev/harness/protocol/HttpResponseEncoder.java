package dev.harness.protocol;

import static dev.harness.protocol.AsciiBytes.ascii;

import dev.harness.service.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes HTTP/1.1 answers (docs/protocol.md §2) as the bytes of one {@link HttpExchange}: the status line,
 * {@code Content-Type}, the framing ({@code Content-Length}, or chunked events for a stream), the
 * {@code X-ACT} of the request, the {@code Connection} token, then the body.
 *
 * <p>Guarantees: a HEAD answer has the headers of the GET answer and no body; an HTTP/1.0 stream has no
 * chunked coding, its end is the connection's close. Where the bytes go, and when, is the caller's
 * ({@link HttpExchanges#target}).
 *
 * <p>Costs: a successful answer is written from constant byte arrays and digits, with no string and no
 * allocation beyond the output buffer's growth; an error answer builds its status line and body as strings.
 */
final class HttpResponseEncoder {

    private static final byte[] OK_LINE = ascii("HTTP/1.1 200 OK\r\n");
    private static final byte[] TEXT_PLAIN = ascii("Content-Type: text/plain\r\n");
    private static final byte[] OCTET_STREAM = ascii("Content-Type: application/octet-stream\r\n");
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] X_ACT = ascii("X-ACT: ");
    private static final byte[] CONNECTION_CLOSE = ascii("Connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] LAST_CHUNK = ascii("0\r\n\r\n");

    private HttpResponseEncoder() {
    }

    /**
     * Writes an OK or LAST answer with {@code payload} as its body (a chunk of the stream, for a stream);
     * the first part of a stream writes its header section first.
     *
     * @return true when the exchange's answer is complete: always, but for a stream's events before its LAST
     */
    static boolean answer(HttpExchange exchange, Status status, ByteBuffer payload, OutBuffer target) {
        if (exchange.body == HttpExchange.Body.CHUNKED) {
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
            if (status == Status.LAST && !exchange.headMethod && !exchange.http10) {
                target.put(LAST_CHUNK);
            }
            return status == Status.LAST;
        }
        target.put(OK_LINE).put(exchange.body == HttpExchange.Body.TEXT ? TEXT_PLAIN : OCTET_STREAM)
                .put(CONTENT_LENGTH).putDecimal(payload.remaining()).put(CRLF);
        endHeaders(exchange, target);
        if (!exchange.headMethod) {
            target.put(payload);
        }
        return true;
    }

    /** Writes the complete answer {@code error}: its status line, {@code Allow} if any, and its message as the body. */
    static void error(HttpExchange exchange, HttpError error, OutBuffer target) {
        byte[] body = (error.message() + "\n").getBytes(StandardCharsets.UTF_8);
        target.put(ascii("HTTP/1.1 " + error.status() + " " + error.reason() + "\r\n")).put(TEXT_PLAIN);
        if (error.allow() != null) {
            target.put(ascii("Allow: " + error.allow() + "\r\n"));
        }
        target.put(CONTENT_LENGTH).putDecimal(body.length).put(CRLF);
        endHeaders(exchange, target);
        if (!exchange.headMethod) {
            target.put(body);
        }
    }

    private static void endHeaders(HttpExchange exchange, OutBuffer target) {
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
}
