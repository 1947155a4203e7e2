package dev.harness.conformance;

import static dev.harness.conformance.ActFrames.ECHO;
import static dev.harness.conformance.ActFrames.STATUS_ERROR;
import static dev.harness.conformance.ActFrames.STATUS_LAST;
import static dev.harness.conformance.ActFrames.STATUS_OK;
import static dev.harness.conformance.ActFrames.SUBSCRIBE;
import static dev.harness.conformance.ActFrames.concat;
import static dev.harness.conformance.ActFrames.echo;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.harness.conformance.ActFrames.Frame;
import dev.harness.conformance.HttpTestClient.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The vocabulary of the conformance kit: precise assertions on ACT frames and HTTP responses as
 * {@code docs/protocol.md} defines them, request builders, and deterministic test data. Every frame assertion
 * checks all header fields (act, op, status, reserved 0, length) and the exact payload or its size; every
 * HTTP assertion checks the version, status, framing header and content type besides the body.
 */
final class Wire {

    /** How long any single answer may take: generous, because CI machines have two noisy cores. */
    static final Duration IO = Duration.ofSeconds(10);
    /** Pause between the pieces of a split request, so that they reach the server as separate reads. */
    static final Duration PACE = Duration.ofMillis(2);
    static final String HOST = "Host: conformance\r\n";

    private Wire() {
    }

    static void assertFrame(Frame f, long act, int op, int status, byte[] payload) {
        assertAll(f.toString(),
                () -> assertEquals(act, f.act(), "act"),
                () -> assertEquals(op, f.op(), "op"),
                () -> assertEquals(status, f.status(), "status"),
                () -> assertEquals(0, f.reserved(), "reserved"),
                () -> assertEquals(12 + payload.length, f.length(), "length"),
                () -> assertArrayEquals(payload, f.payload(), "payload"));
    }

    static void assertFrameOfSize(Frame f, long act, int op, int status, int payloadBytes) {
        assertAll(f.toString(),
                () -> assertEquals(act, f.act(), "act"),
                () -> assertEquals(op, f.op(), "op"),
                () -> assertEquals(status, f.status(), "status"),
                () -> assertEquals(0, f.reserved(), "reserved"),
                () -> assertEquals(payloadBytes, f.payload().length, "payload bytes"));
    }

    /** An ERROR for one request: its act and op, status 2, a UTF-8 message. */
    static void assertRequestError(Frame f, long act, int op) {
        assertAll(f.toString(),
                () -> assertEquals(act, f.act(), "act"),
                () -> assertEquals(op, f.op(), "op"),
                () -> assertEquals(STATUS_ERROR, f.status(), "status"),
                () -> assertEquals(0, f.reserved(), "reserved"),
                () -> assertFalse(f.text().isEmpty(), "an ERROR frame carries a UTF-8 message"));
    }

    /** An ERROR for the connection: act 0, status 2, a UTF-8 message (op unspecified by docs/protocol.md). */
    static void assertConnectionError(Frame f) {
        assertAll(f.toString(),
                () -> assertEquals(0L, f.act(), "act"),
                () -> assertEquals(STATUS_ERROR, f.status(), "status"),
                () -> assertEquals(0, f.reserved(), "reserved"),
                () -> assertFalse(f.text().isEmpty(), "an ERROR frame carries a UTF-8 message"));
    }

    /** Reads {@code count} events of a SUBSCRIBE: one act, op 3, status 0 except the last, which is LAST. */
    static void assertEventStream(ActTestClient c, long act, int count, int eventBytes) throws IOException {
        for (int i = 1; i <= count; i++) {
            Frame f = c.read(IO);
            int expectedStatus = i == count ? STATUS_LAST : STATUS_OK;
            if (f.act() != act || f.status() != expectedStatus) {
                fail("event " + i + " of " + count + ": expected act 0x" + Long.toHexString(act) + " status "
                        + expectedStatus + ", got " + f);
            }
            assertFrameOfSize(f, act, SUBSCRIBE, expectedStatus, eventBytes);
        }
    }

    /** Proves the connection is open and in step: an ECHO on it is answered. */
    static void assertEchoStillAnswered(ActTestClient c) throws IOException {
        byte[] payload = ascii("still open");
        c.send(echo(0xC0FF_EE00_0000_0001L, payload));
        assertFrame(c.read(IO), 0xC0FF_EE00_0000_0001L, ECHO, STATUS_OK, payload);
    }

    /**
     * Sends a large request; if the server cuts the connection while it is being sent, fails with the
     * answer the server gave before it did, which says more than "connection reset".
     */
    static void sendOrShowEarlyAnswer(HttpTestClient h, byte[] request) throws IOException {
        try {
            h.send(request);
        } catch (IOException e) {
            Response early;
            try {
                early = h.read(Duration.ofSeconds(1));
            } catch (IOException | AssertionError none) {
                throw e;
            }
            fail("the server answered before the whole request of " + request.length + " bytes was sent: " + early);
        }
    }

    static void assertStatus(Response r, int status) {
        assertAll(r.toString(),
                () -> assertEquals("HTTP/1.1", r.version(), "version"),
                () -> assertEquals(status, r.status(), "status"));
    }

    /** 200, the exact body, a matching Content-Length and one of the two content types of docs/protocol.md. */
    static void assertOk(Response r, byte[] body) {
        assertAll(r.toString(),
                () -> assertEquals("HTTP/1.1", r.version(), "version"),
                () -> assertEquals(200, r.status(), "status"),
                () -> assertEquals(String.valueOf(body.length), r.header("Content-Length").orElse(null), "Content-Length"),
                () -> assertContentType(r),
                () -> assertArrayEquals(body, r.body(), "body"));
    }

    static void assertOkOfSize(Response r, int bodyBytes) {
        assertAll(r.toString(),
                () -> assertEquals("HTTP/1.1", r.version(), "version"),
                () -> assertEquals(200, r.status(), "status"),
                () -> assertEquals(String.valueOf(bodyBytes), r.header("Content-Length").orElse(null), "Content-Length"),
                () -> assertContentType(r),
                () -> assertEquals(bodyBytes, r.body().length, "body bytes"));
    }

    static void assertChunked(Response r, int chunks, int chunkBytes) {
        assertAll(r.toString(),
                () -> assertEquals(200, r.status(), "status"),
                () -> assertTrue(r.isChunked(), "Transfer-Encoding: chunked"),
                () -> assertTrue(r.header("Content-Length").isEmpty(), "no Content-Length beside chunked"),
                () -> assertContentType(r),
                () -> assertEquals(chunks, r.chunks().size(), "chunks"),
                () -> assertTrue(r.chunks().stream().allMatch(c -> c.length == chunkBytes),
                        "every chunk has " + chunkBytes + " bytes: " + r.chunks().stream().map(c -> c.length).toList()));
    }

    static void assertContentType(Response r) {
        String type = r.header("Content-Type").orElse("(none)");
        assertTrue(type.startsWith("application/octet-stream") || type.startsWith("text/plain"),
                "Content-Type is application/octet-stream or text/plain, got " + type);
    }

    /**
     * Reads answers until every act has its expected number of frames, in whatever order they come;
     * fails on an act no request carried or on one frame too many.
     */
    static Map<Long, List<Frame>> readAnswers(ActTestClient c, Map<Long, Integer> framesPerAct) throws IOException {
        Map<Long, List<Frame>> got = new HashMap<>();
        int expected = framesPerAct.values().stream().mapToInt(Integer::intValue).sum();
        for (int i = 0; i < expected; i++) {
            Frame f = c.read(IO);
            Integer want = framesPerAct.get(f.act());
            if (want == null) {
                fail("an answer with an act no request carried: " + f);
            }
            List<Frame> frames = got.computeIfAbsent(f.act(), k -> new ArrayList<>());
            if (frames.size() == want) {
                fail("more than " + want + " answers for act 0x" + Long.toHexString(f.act()) + ": " + f);
            }
            frames.add(f);
        }
        return got;
    }

    static Map<Long, Integer> countsOf(Iterable<Long> acts, int frames) {
        Map<Long, Integer> m = new HashMap<>();
        acts.forEach(a -> m.put(a, frames));
        return m;
    }

    static List<Long> range(long from, long to) {
        List<Long> l = new ArrayList<>();
        for (long i = from; i < to; i++) {
            l.add(i);
        }
        return l;
    }

    static String get(String target, String... fields) {
        return "GET " + target + " HTTP/1.1\r\n" + HOST + String.join("", fields) + "\r\n";
    }

    static byte[] post(String target, byte[] body, String... fields) {
        return concat(ascii("POST " + target + " HTTP/1.1\r\n" + HOST + "Content-Length: " + body.length + "\r\n"
                + String.join("", fields) + "\r\n"), body);
    }

    /** Deterministic bytes of every value, different per seed, so a misplaced byte shows. */
    static byte[] pattern(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static byte[] ascii(String s) {
        return s.getBytes(US_ASCII);
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    /** One over a limit, as a u32 bit pattern. */
    static int over(int limit) {
        return (int) (limit + 1L);
    }
}
