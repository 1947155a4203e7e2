package dev.harness.protocol;

import dev.harness.service.ErrorCode;
import dev.harness.service.Limits;
import dev.harness.service.Request;
import dev.harness.service.Status;
import java.nio.ByteBuffer;

/**
 * One connection's protocol: decodes requests from the bytes a client sent and encodes the answers. The
 * first byte a client sends chooses the codec ({@link #detect}); every server model uses these codecs, so
 * they parse the same bytes the same way.
 *
 * <p>Decoding is incremental: a request may arrive split at any byte boundary, and many may arrive in one
 * read. Bytes of an incomplete request stay in the input buffer for the next call. Answers may be encoded
 * in any order; the HTTP codec puts them back in request order, as HTTP/1.1 requires. Not thread-safe.
 */
public sealed interface WireCodec permits ActCodec, HttpCodec {

    /** Returned by {@link #decode}: take no more input from this connection. */
    int STOP_READING = -1;

    /**
     * Returned by {@link #decode}: the codec takes no more requests until some of those it took are
     * answered (a bound on pipelined requests per connection); call decode again after answering.
     */
    int PAUSED = 0;

    /**
     * Decodes every complete request between {@code in}'s position and limit, hands each to
     * {@code inbound} and moves the position past it. Protocol errors are answered into {@code out}.
     *
     * @return {@link #STOP_READING} when the connection must read no more (a request that closes it, or a
     *     protocol error); {@link #PAUSED}; otherwise the buffer capacity the next request needs from the
     *     position on, so that the caller grows its buffer when a request is larger than it
     */
    int decode(ByteBuffer in, Inbound inbound, OutBuffer out);

    /** Encodes an answer to {@code request}; the bytes of {@code payload} are copied, the buffer unchanged. */
    void reply(Request request, Status status, ByteBuffer payload, OutBuffer out);

    /** Encodes an error answer to {@code request}. */
    void fail(Request request, ErrorCode code, String message, OutBuffer out);

    /**
     * Bytes of answers encoded but held back by the codec rather than put in the connection's output: HTTP
     * answers completed before an earlier one, waiting for their turn (0 for ACT frames, which leave in
     * completion order). Memory the connection holds for output as much as its output buffer: a server's
     * back-pressure and output limits count both.
     */
    int heldOutputBytes();

    /**
     * Whether the connection is done once {@code out} is written. For HTTP: decoding stopped and every
     * request it took has been answered. For ACT frames: decoding stopped on a header that cannot be
     * trusted and every request taken before it has had its last answer, the ERROR frame with act 0 after
     * them (a handler may answer from a later completion).
     */
    boolean finished();

    /**
     * Whether the bytes the last {@link #decode} left undecoded are the start of a header that is not yet
     * complete: an HTTP request line and header section without its blank line, or fewer than the 16 bytes
     * of an ACT frame header. This is the phase {@code --header-timeout} bounds.
     */
    boolean midHeader();

    /**
     * Encodes the answer to a header that did not arrive within the header timeout and takes no more
     * input: {@code 408 Request Timeout} with {@code Connection: close} in its turn (HTTP), an ERROR frame
     * with act 0 (ACT frames). The caller writes the output and closes the connection.
     */
    void expire(String message, OutBuffer out);

    /** The protocol that a connection whose first byte is {@code first} speaks, or null when it is neither. */
    static WireCodec detect(byte first, Limits limits) {
        if (first == 0x00) {
            return new ActCodec(limits);
        }
        if (first >= 'A' && first <= 'Z') {
            return new HttpCodec(limits);
        }
        return null;
    }

    /**
     * The answer to a connection the server will not serve (over {@code --max-connections}), in the
     * protocol its first byte chose: an ERROR frame with act 0 (ACT frames), or {@code 503 Service
     * Unavailable} with {@code Connection: close} and {@code message} as a one-line body (HTTP). The caller
     * writes it and closes the connection.
     */
    static void refuse(byte first, String message, OutBuffer out) {
        if (first == 0x00) {
            ActCodec.encodeError(out, 0L, (byte) 0, message);
        } else if (first >= 'A' && first <= 'Z') {
            byte[] body = (message + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.put(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(body);
        } else {
            rejectUnknownProtocol(first, out);
        }
    }

    /** The answer to a first byte that is neither protocol's: an ERROR frame with act 0. */
    static void rejectUnknownProtocol(byte first, OutBuffer out) {
        ActCodec.encodeError(out, 0L, (byte) 0, "unknown protocol: the first byte 0x%02x is neither 0x00 (ACT frames) nor an ASCII upper-case letter (HTTP/1.1)"
                .formatted(first & 0xFF));
    }
}
