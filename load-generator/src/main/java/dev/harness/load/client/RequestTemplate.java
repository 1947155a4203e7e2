package dev.harness.load.client;

import dev.harness.protocol.ActCodec;
import dev.harness.service.Operation;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One request, precomputed: its bytes, where its act goes, and what a correct answer looks like. The
 * engine copies {@link #bytes()} into a connection's output buffer per request and, for ACT frames, writes
 * the act at {@link #ACT_OFFSET}; a WORK frame with a wait spread also gets its {@code wait_us} there, derived
 * from the act by one multiplication. Nothing else is computed per request.
 *
 * @param protocol        the protocol of the bytes
 * @param bytes           the request as sent on the wire (never modified)
 * @param op              the ACT op a response must carry (ACT only)
 * @param expectedBytes   the payload (ACT) or body (HTTP) bytes of a correct answer, per frame for a
 *                        stream; -1 when any size is accepted
 * @param expectedFrames  ACT: frames per answer (SUBSCRIBE: events, the last with status LAST; else 1).
 *                        HTTP: chunks of a chunked answer, or 0
 * @param waitMicros      ACT WORK: the least {@code wait_us}
 * @param waitSpreadMicros ACT WORK: each request waits {@code waitMicros} plus 0 to this, spread evenly by
 *                        act, so that requests pipelined on one connection finish at different times; 0 = all equal
 */
public record RequestTemplate(Protocol protocol, byte[] bytes, byte op, int expectedBytes, int expectedFrames,
                              int waitMicros, int waitSpreadMicros) {

    /** Offset of the act in an ACT request. */
    public static final int ACT_OFFSET = 4;

    /** Offset of {@code wait_us} in an ACT WORK request: the header, then cpu_us. */
    static final int WAIT_OFFSET = ActCodec.HEADER_BYTES + 4;

    /** The HTTP body of {@code GET /echo} (docs/protocol.md §2, and the nginx location of the wrk comparison). */
    public static final int HTTP_GET_ECHO_BODY_BYTES = 6;

    /** Workload parameters; unused ones are ignored by a workload. */
    public record Params(int payloadBytes, int cpuMicros, int waitMicros, int waitMaxMicros, int replyBytes, int events,
                         int intervalMicros) {
    }

    public static RequestTemplate of(Protocol protocol, Workload workload, Params p, String hostHeader) {
        return protocol == Protocol.ACT ? act(workload, p) : http(workload, p, hostHeader);
    }

    private static RequestTemplate act(Workload workload, Params p) {
        return switch (workload) {
            case ECHO -> frame(Operation.ECHO, filler(p.payloadBytes()), p.payloadBytes(), 1);
            case WORK -> frame(Operation.WORK, u32s(p.cpuMicros(), p.waitMicros(), p.replyBytes()), p.replyBytes(), 1)
                    .withWaitSpread(p.waitMicros(), Math.max(0, p.waitMaxMicros() - p.waitMicros()));
            case SUBSCRIBE -> frame(Operation.SUBSCRIBE, u32s(p.events(), p.intervalMicros(), p.replyBytes()),
                    p.replyBytes(), p.events());
            case RELAY -> {
                byte[] inner = new byte[1 + p.payloadBytes()];
                inner[0] = Operation.ECHO;
                System.arraycopy(filler(p.payloadBytes()), 0, inner, 1, p.payloadBytes());
                yield frame(Operation.RELAY, inner, p.payloadBytes(), 1);
            }
        };
    }

    private static RequestTemplate frame(byte op, byte[] payload, int expectedBytes, int frames) {
        ByteBuffer b = ByteBuffer.allocate(ActCodec.HEADER_BYTES + payload.length);
        b.putInt(ActCodec.MIN_LENGTH + payload.length).putLong(0).put(op).put((byte) 0).putShort((short) 0).put(payload);
        return new RequestTemplate(Protocol.ACT, b.array(), op, expectedBytes, frames, 0, 0);
    }

    private static RequestTemplate http(Workload workload, Params p, String host) {
        String head = "HTTP/1.1\r\nHost: " + host + "\r\n";
        return switch (workload) {
            case ECHO -> p.payloadBytes() == 0
                    ? text("GET /echo " + head + "\r\n", HTTP_GET_ECHO_BODY_BYTES, 0)
                    : withBody("POST /echo " + head + "Content-Length: " + p.payloadBytes() + "\r\n\r\n",
                            filler(p.payloadBytes()), p.payloadBytes());
            case WORK -> text("GET /work?cpu_us=" + p.cpuMicros() + "&wait_us=" + p.waitMicros() + "&reply_bytes="
                    + p.replyBytes() + " " + head + "\r\n", p.replyBytes(), 0);
            case SUBSCRIBE -> text("GET /subscribe?count=" + p.events() + "&interval_us=" + p.intervalMicros()
                    + "&event_bytes=" + p.replyBytes() + " " + head + "\r\n",
                    (int) Math.min(Integer.MAX_VALUE, (long) p.events() * p.replyBytes()),
                    p.replyBytes() > 0 ? p.events() : 0);
            case RELAY -> text("GET /relay/echo " + head + "\r\n", HTTP_GET_ECHO_BODY_BYTES, 0);
        };
    }

    private static RequestTemplate text(String request, int expectedBytes, int chunks) {
        return new RequestTemplate(Protocol.HTTP, request.getBytes(StandardCharsets.US_ASCII), (byte) 0, expectedBytes, chunks, 0, 0);
    }

    private static RequestTemplate withBody(String head, byte[] body, int expectedBytes) {
        byte[] h = head.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        return new RequestTemplate(Protocol.HTTP, all, (byte) 0, expectedBytes, 0, 0, 0);
    }

    private static byte[] filler(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    private static byte[] u32s(int a, int b, int c) {
        return ByteBuffer.allocate(12).putInt(a).putInt(b).putInt(c).array();
    }

    private RequestTemplate withWaitSpread(int wait, int spread) {
        return new RequestTemplate(protocol, bytes, op, expectedBytes, expectedFrames, wait, spread);
    }

    /** Copies this request into {@code out} under {@code act} (ignored for HTTP). */
    public void writeTo(ByteBuffer out, long act) {
        int start = out.position();
        out.put(bytes);
        if (protocol == Protocol.ACT) {
            out.putLong(start + ACT_OFFSET, act);
            if (waitSpreadMicros > 0) {
                out.putInt(start + WAIT_OFFSET, waitMicros + spreadOf(act, waitSpreadMicros));
            }
        }
    }

    /** 0 to {@code spread} inclusive, evenly over acts: the top bits of a Fibonacci hash of the act. */
    static int spreadOf(long act, int spread) {
        long hash = act * 0x9E37_79B9_7F4A_7C15L;
        return (int) (((hash >>> 32) * (spread + 1L)) >>> 32);
    }
}
