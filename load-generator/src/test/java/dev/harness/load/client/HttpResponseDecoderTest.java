package dev.harness.load.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class HttpResponseDecoderTest {

    record Response(int status, long body, int chunks) {
    }

    private static final String NGINX = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Mon, 23 Nov 2026 14:00:00 GMT\r\n"
            + "Content-Type: text/plain\r\nContent-Length: 6\r\nConnection: keep-alive\r\n\r\nhello\n";
    private static final String CHUNKED = "HTTP/1.1 200 OK\r\ntransfer-encoding: Chunked\r\nX-ACT: 7\r\n\r\n"
            + "5\r\nabcde\r\n10;ext=1\r\n0123456789abcdef\r\n0\r\nTrailer: x\r\n\r\n";
    private static final String NOT_FOUND = "HTTP/1.1 404 Not Found\r\ncontent-length: 10\r\n\r\nnot found\n";
    private static final String EMPTY = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

    private static final String ALL = NGINX + CHUNKED + NOT_FOUND + EMPTY + NGINX;
    private static final List<Response> EXPECTED = List.of(new Response(200, 6, 0), new Response(200, 21, 2),
            new Response(404, 10, 0), new Response(200, 0, 0), new Response(200, 6, 0));

    private static List<Response> decodeInPieces(byte[] bytes, int... splits) {
        List<Response> got = new ArrayList<>();
        HttpResponseDecoder d = new HttpResponseDecoder((s, b, c, close) -> got.add(new Response(s, b, c)));
        int from = 0;
        for (int split : splits) {
            assertTrue(d.decode(ByteBuffer.wrap(bytes, from, split - from)));
            from = split;
        }
        assertTrue(d.decode(ByteBuffer.wrap(bytes, from, bytes.length - from)));
        return got;
    }

    @Test
    void connectionCloseIsReportedWithItsResponseOnly() {
        String closing = "HTTP/1.1 200 OK\r\nContent-Length: 6\r\nCONNECTION: Close\r\n\r\nhello\n";
        List<Boolean> got = new ArrayList<>();
        HttpResponseDecoder d = new HttpResponseDecoder((s, b, c, close) -> got.add(close));
        assertTrue(d.decode(ByteBuffer.wrap((NGINX + closing + NGINX).getBytes(StandardCharsets.US_ASCII))));
        assertEquals(List.of(false, true, false), got);
    }

    @Test
    void pipelinedResponsesCoalescedInOneRead() {
        assertEquals(EXPECTED, decodeInPieces(ALL.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void splitAtEveryByte() {
        byte[] bytes = ALL.getBytes(StandardCharsets.US_ASCII);
        for (int split = 0; split <= bytes.length; split++) {
            assertEquals(EXPECTED, decodeInPieces(bytes, split), "split at " + split);
        }
    }

    @Test
    void oneByteAtATime() {
        byte[] bytes = ALL.getBytes(StandardCharsets.US_ASCII);
        int[] splits = new int[bytes.length - 1];
        for (int i = 0; i < splits.length; i++) {
            splits[i] = i + 1;
        }
        assertEquals(EXPECTED, decodeInPieces(bytes, splits));
    }

    @Test
    void chunkedSplitAtEveryPairOfBytes() {
        byte[] bytes = CHUNKED.getBytes(StandardCharsets.US_ASCII);
        for (int a = 0; a < bytes.length; a += 3) {
            for (int b = a; b <= bytes.length; b += 5) {
                assertEquals(List.of(new Response(200, 21, 2)), decodeInPieces(bytes, a, b), a + "/" + b);
            }
        }
    }

    /** A SUBSCRIBE answer of {@code events} chunks of 64 bytes and a trailer, then a pipelined {@link #NGINX}. */
    private static byte[] subscribeStream(int events) {
        StringBuilder s = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-ACT: 9\r\n\r\n");
        String chunk = "40\r\n" + "e".repeat(64) + "\r\n";
        for (int i = 0; i < events; i++) {
            s.append(chunk);
        }
        return s.append("0\r\nX-Events: ").append(events).append("\r\n\r\n").append(NGINX)
                .toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void longChunkedStreamIsOneResponse() {
        int events = 20_000;
        assertEquals(List.of(new Response(200, 64L * events, events), new Response(200, 6, 0)),
                decodeInPieces(subscribeStream(events)));
    }

    @Test
    void longChunkedStreamSplitAtRandomPoints() {
        int events = 20_000;
        byte[] bytes = subscribeStream(events);
        Random random = new Random(13);
        for (int run = 0; run < 5; run++) {
            int[] splits = random.ints(2_000, 0, bytes.length + 1).sorted().toArray();
            assertEquals(List.of(new Response(200, 64L * events, events), new Response(200, 6, 0)),
                    decodeInPieces(bytes, splits), "run " + run);
        }
    }

    @Test
    void chunkFramingWithoutProgressIsRejected() {
        String head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
        for (String bad : List.of(
                head + "5;" + "x".repeat(HttpResponseDecoder.MAX_CHUNK_LINE_BYTES) + "\r\n",
                head + "0".repeat(HttpResponseDecoder.MAX_CHUNK_LINE_BYTES + 1),
                head + "5\r\nabcde" + "\r".repeat(HttpResponseDecoder.MAX_CHUNK_LINE_BYTES + 1),
                head + "0\r\nX-Trailer: " + "t".repeat(HttpResponseDecoder.MAX_HEADER_BYTES) + "\r\n\r\n")) {
            HttpResponseDecoder d = new HttpResponseDecoder((s, b, c, close) -> { });
            assertFalse(d.decode(ByteBuffer.wrap(bad.getBytes(StandardCharsets.US_ASCII))), bad.substring(0, 80));
        }
    }

    @Test
    void aHeaderSectionOverItsBoundIsRejectedHoweverSplit() {
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nX-Filler: ";
        byte[] over = (head + "v".repeat(HttpResponseDecoder.MAX_HEADER_BYTES - head.length() + 1) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] within = (head + "v".repeat(HttpResponseDecoder.MAX_HEADER_BYTES - head.length() - 4) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        for (int piece : new int[] {1, 7, 4096, over.length}) {
            assertFalse(decodesInPiecesOf(over, piece, new ArrayList<>()), "over the bound, in pieces of " + piece);
            List<Response> got = new ArrayList<>();
            assertTrue(decodesInPiecesOf(within, piece, got), "within the bound, in pieces of " + piece);
            assertEquals(List.of(new Response(200, 0, 0)), got);
        }
    }

    private static boolean decodesInPiecesOf(byte[] bytes, int piece, List<Response> got) {
        HttpResponseDecoder d = new HttpResponseDecoder((s, b, c, close) -> got.add(new Response(s, b, c)));
        for (int from = 0; from < bytes.length; from += piece) {
            if (!d.decode(ByteBuffer.wrap(bytes, from, Math.min(piece, bytes.length - from)))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void malformedResponsesAreRejected() {
        for (String bad : List.of("HTTX/1.1 200 OK\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n", "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n",
                "HTTP/1.1 200 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\n")) {
            HttpResponseDecoder d = new HttpResponseDecoder((s, b, c, close) -> { });
            assertFalse(d.decode(ByteBuffer.wrap(bad.getBytes(StandardCharsets.US_ASCII))), bad);
        }
    }

    @Test
    void requestTemplatesMatchProtocolMd() {
        RequestTemplate.Params p = new RequestTemplate.Params(0, 10, 1000, 0, 32, 3, 500);
        assertEquals("GET /echo HTTP/1.1\r\nHost: h:1\r\n\r\n",
                new String(RequestTemplate.of(Protocol.HTTP, Workload.ECHO, p, "h:1").bytes(), StandardCharsets.US_ASCII));
        assertEquals("GET /work?cpu_us=10&wait_us=1000&reply_bytes=32 HTTP/1.1\r\nHost: h:1\r\n\r\n",
                new String(RequestTemplate.of(Protocol.HTTP, Workload.WORK, p, "h:1").bytes(), StandardCharsets.US_ASCII));
        // docs/protocol.md §3: WORK with cpu_us=10, wait_us=1000, reply_bytes=32, act 0x07
        RequestTemplate work = RequestTemplate.of(Protocol.ACT, Workload.WORK, p, "h:1");
        ByteBuffer out = ByteBuffer.allocate(64);
        work.writeTo(out, 7);
        byte[] expected = {0, 0, 0, 0x18, 0, 0, 0, 0, 0, 0, 0, 7, 2, 0, 0, 0, 0, 0, 0, 0x0A, 0, 0, 0x03, (byte) 0xE8, 0, 0, 0, 0x20};
        byte[] got = new byte[out.position()];
        out.flip().get(got);
        assertEquals(java.util.HexFormat.of().formatHex(expected), java.util.HexFormat.of().formatHex(got));
        assertEquals(32, work.expectedBytes());
        assertEquals(3, RequestTemplate.of(Protocol.ACT, Workload.SUBSCRIBE, p, "h:1").expectedFrames());
    }
}
