package dev.harness.conformance;

import static dev.harness.conformance.ActFrames.concat;
import static dev.harness.conformance.Wire.HOST;
import static dev.harness.conformance.Wire.IO;
import static dev.harness.conformance.Wire.PACE;
import static dev.harness.conformance.Wire.ascii;
import static dev.harness.conformance.Wire.assertChunked;
import static dev.harness.conformance.Wire.assertOk;
import static dev.harness.conformance.Wire.assertOkOfSize;
import static dev.harness.conformance.Wire.assertStatus;
import static dev.harness.conformance.Wire.get;
import static dev.harness.conformance.Wire.over;
import static dev.harness.conformance.Wire.pattern;
import static dev.harness.conformance.Wire.post;
import static dev.harness.conformance.Wire.sendOrShowEarlyAnswer;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.HttpTestClient.Response;
import dev.harness.server.Server;
import java.io.IOException;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTP/1.1, {@code docs/protocol.md} §2: the routes and their bodies, {@code X-ACT} returned unchanged,
 * keep-alive, {@code Connection: close}, pipelining and split requests, and the error statuses (400, 404, 405,
 * 411, 413, 431) after which the server keeps serving every other connection. Runs on the kit's two servers,
 * and the small-body-limit check on one of its own.
 */
abstract class HttpContract extends ContractTopic {

    HttpContract(ServerContractTest kit) {
        super(kit);
    }

    /** The routes of docs/protocol.md §2 and their bodies. */
    @Nested
    class HttpRoutes {

        @Test
        void getEchoAnswersHello() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get("/echo"));
                assertOk(h.read(IO), ascii("hello\n"));
            }
        }

        @Test
        void postEchoAnswersTheBody() throws IOException {
            byte[] body = pattern(1_000, 5);
            try (HttpTestClient h = http()) {
                h.send(post("/echo", body));
                assertOk(h.read(IO), body);
            }
        }

        @Test
        void postEchoOfEmptyBody() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(post("/echo", new byte[0]));
                assertOk(h.read(IO), new byte[0]);
            }
        }

        @Test
        void postEchoOfBodyAtTheLimit() throws IOException {
            byte[] body = pattern(limits.maxBodyBytes(), 6);
            try (HttpTestClient h = http()) {
                sendOrShowEarlyAnswer(h, post("/echo", body));
                assertOk(h.read(IO), body);
            }
        }

        @Test
        void postEchoWithLowerCaseContentLength() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(concat(ascii("POST /echo HTTP/1.1\r\n" + HOST + "content-length: 4\r\n\r\n"), ascii("abcd")));
                assertOk(h.read(IO), ascii("abcd"));
            }
        }

        @Test
        void headEchoHasContentLengthSixAndNoBody() throws IOException {
            try (HttpTestClient h = http()) {
                h.send("HEAD /echo HTTP/1.1\r\n" + HOST + "\r\n");
                Response head = h.read(IO, true);
                assertEquals(200, head.status(), head.toString());
                assertEquals("6", head.header("Content-Length").orElse(null), "Content-Length of HEAD /echo");
                // a body after the HEAD response would now be read as the next status line
                h.send(get("/echo"));
                assertOk(h.read(IO), ascii("hello\n"));
            }
        }

        @Test
        void getWorkAnswersReplyBytesAfterWaiting() throws IOException {
            try (HttpTestClient h = http()) {
                long start = System.nanoTime();
                h.send(get("/work?cpu_us=1000&wait_us=30000&reply_bytes=123"));
                Response r = h.read(IO);
                long elapsedMicros = (System.nanoTime() - start) / 1_000;
                assertOkOfSize(r, 123);
                assertTrue(elapsedMicros >= 30_000, "answered after " + elapsedMicros + " us, before wait_us=30000");
            }
        }

        @Test
        void getWorkWithMissingParametersTakesThemAsZero() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get("/work"));
                assertOk(h.read(IO), new byte[0]);
                h.send(get("/work?reply_bytes=5"));
                assertOkOfSize(h.read(IO), 5);
                h.send(get("/work?wait_us=1000"));
                assertOk(h.read(IO), new byte[0]);
                h.send(get("/work?reply_bytes=7&cpu_us=10"));
                assertOkOfSize(h.read(IO), 7);
            }
        }

        @Test
        void getSubscribeStreamsOneChunkPerEvent() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get("/subscribe?count=4&interval_us=1000&event_bytes=10"));
                assertChunked(h.read(IO), 4, 10);
                h.send(get("/subscribe?count=1&interval_us=0&event_bytes=1"));
                assertChunked(h.read(IO), 1, 1);
                h.send(get("/subscribe?count=300&interval_us=0&event_bytes=100"));
                assertChunked(h.read(IO), 300, 100);
                h.send(get("/echo")); // the chunked body ended where the server said: the connection goes on
                assertOk(h.read(IO), ascii("hello\n"));
            }
        }

        @Test
        void getRelayEchoAnswersWhatTheDownstreamAnswers() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get("/relay/echo"));
                assertOk(h.read(IO), ascii("hello\n"));
            }
        }

        @Test
        void getRelayWorkAnswersWhatTheDownstreamAnswers() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get("/relay/work?cpu_us=100&wait_us=1000&reply_bytes=42"));
                assertOkOfSize(h.read(IO), 42);
                h.send(get("/relay/work"));
                assertOk(h.read(IO), new byte[0]);
            }
        }

        @Test
        void xActHeaderIsReturnedUnchangedOnEveryRoute() throws IOException {
            String[] requests = {
                    get("/echo", "X-ACT: 7f3a-token/with=odd;chars\r\n"),
                    new String(post("/echo", ascii("b"), "X-ACT: 18446744073709551615\r\n"), ISO_8859_1),
                    get("/work?reply_bytes=3", "X-ACT: inner space kept\r\n"),
                    get("/subscribe?count=2&interval_us=0&event_bytes=1", "X-ACT: " + "x".repeat(200) + "\r\n"),
                    get("/relay/echo", "X-ACT: relay-1\r\n"),
                    get("/relay/work?reply_bytes=2", "X-ACT: relay-2\r\n"),
                    "HEAD /echo HTTP/1.1\r\n" + HOST + "X-ACT: head-1\r\n\r\n",
            };
            String[] tokens = {"7f3a-token/with=odd;chars", "18446744073709551615", "inner space kept", "x".repeat(200),
                    "relay-1", "relay-2", "head-1"};
            try (HttpTestClient h = http()) {
                for (int i = 0; i < requests.length; i++) {
                    h.send(requests[i]);
                    Response r = h.read(IO, requests[i].startsWith("HEAD"));
                    assertEquals(200, r.status(), r.toString());
                    assertEquals(tokens[i], r.header("X-ACT").orElse(null), "X-ACT for " + requests[i].lines().findFirst().orElseThrow());
                }
            }
        }

        @Test
        void xActHeaderNameIsCaseInsensitive() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get("/echo", "x-act: lower\r\n"));
                Response r = h.read(IO);
                assertOk(r, ascii("hello\n"));
                assertEquals("lower", r.header("X-ACT").orElse(null), "X-ACT of a request that spelled it x-act");
            }
        }
    }

    /** Keep-alive, Connection: close, pipelining and split requests. */
    @Nested
    class HttpConnections {

        @Test
        void keepAliveIsTheDefault() throws IOException {
            try (HttpTestClient h = http()) {
                for (int i = 0; i < 5; i++) {
                    h.send(get("/echo"));
                    assertOk(h.read(IO), ascii("hello\n"));
                    h.send(post("/echo", ascii("request " + i)));
                    assertOk(h.read(IO), ascii("request " + i));
                }
            }
        }

        @Test
        void connectionCloseIsHonoured() throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get("/echo"));
                assertOk(h.read(IO), ascii("hello\n"));
                h.send(get("/echo", "Connection: close\r\n"));
                assertOk(h.read(IO), ascii("hello\n"));
                h.assertClosedByServer(IO);
            }
        }

        @Test
        void pipelinedRequestsAreAnsweredInOrder() throws IOException {
            StringBuilder all = new StringBuilder();
            all.append(get("/echo", "X-ACT: 1\r\n"));
            all.append(new String(post("/echo", ascii("second"), "X-ACT: 2\r\n"), ISO_8859_1));
            all.append(get("/work?wait_us=20000&reply_bytes=10", "X-ACT: 3\r\n"));
            all.append("HEAD /echo HTTP/1.1\r\n" + HOST + "X-ACT: 4\r\n\r\n");
            all.append(get("/subscribe?count=2&interval_us=1000&event_bytes=3", "X-ACT: 5\r\n"));
            all.append(get("/relay/echo", "X-ACT: 6\r\n"));
            all.append(get("/echo", "X-ACT: 7\r\n"));
            try (HttpTestClient h = http()) {
                h.send(all.toString());
                Response r1 = h.read(IO);
                Response r2 = h.read(IO);
                Response r3 = h.read(IO);
                Response r4 = h.read(IO, true);
                Response r5 = h.read(IO);
                Response r6 = h.read(IO);
                Response r7 = h.read(IO);
                Response[] rs = {r1, r2, r3, r4, r5, r6, r7};
                for (int i = 0; i < rs.length; i++) {
                    assertEquals(String.valueOf(i + 1), rs[i].header("X-ACT").orElse(null), "answer " + (i + 1) + " out of order");
                }
                assertOk(r1, ascii("hello\n"));
                assertOk(r2, ascii("second"));
                assertOkOfSize(r3, 10);
                assertEquals("6", r4.header("Content-Length").orElse(null));
                assertChunked(r5, 2, 3);
                assertOk(r6, ascii("hello\n"));
                assertOk(r7, ascii("hello\n"));
            }
        }

        @Test
        void requestDeliveredOneBytePerWriteIsAnswered() throws IOException {
            try (HttpTestClient h = http()) {
                h.sendByteByByte(ascii(get("/echo", "X-ACT: slow\r\n")), PACE);
                Response r = h.read(IO);
                assertOk(r, ascii("hello\n"));
                assertEquals("slow", r.header("X-ACT").orElse(null));
                h.sendByteByByte(post("/echo", ascii("dribbled body")), PACE);
                assertOk(h.read(IO), ascii("dribbled body"));
            }
        }

        @Test
        void postBodyArrivingAfterItsHeaderSectionIsEchoed() throws IOException {
            byte[] body = ascii("a body in its own segment");
            byte[] request = post("/echo", body);
            try (HttpTestClient h = http()) {
                h.sendSplit(request, PACE, request.length - body.length);
                assertOk(h.read(IO), body);
            }
        }

        @Test
        void requestSplitAtEveryOffsetIsAnswered() throws IOException {
            try (HttpTestClient h = http()) {
                // the first piece on the connection is the single byte 'P': detection on the first byte alone
                byte[] template = post("/echo", ascii("0123456789"), "X-ACT: cut-000\r\n");
                for (int cut = 1; cut < template.length; cut++) {
                    String token = "cut-%03d".formatted(cut);
                    byte[] request = post("/echo", ascii("0123456789"), "X-ACT: " + token + "\r\n");
                    try {
                        h.sendSplit(request, PACE, cut);
                        Response r = h.read(IO);
                        assertOk(r, ascii("0123456789"));
                        assertEquals(token, r.header("X-ACT").orElse(null));
                    } catch (IOException | AssertionError e) {
                        throw new AssertionError("request split after byte " + cut + " of " + request.length
                                + " (the header section ends at byte " + (request.length - 10) + ")", e);
                    }
                }
            }
        }
    }

    /** 400, 404, 405, 411, 413 and 431; the server keeps serving every other connection. */
    @Nested
    class HttpErrors {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"GET\r\n", "GET /echo\r\n", "GET /echo HTTP/1.1 extra\r\n", "GET /echo HTTX/1.1\r\n",
                "GET echo HTTP/1.1\r\n", "G\u00c9T /echo HTTP/1.1\r\n"})
        void malformedRequestLineGets400AndClose(String requestLine) throws IOException {
            try (HttpTestClient h = http()) {
                h.send(requestLine + HOST + "\r\n");
                assertStatus(h.read(IO), 400);
                h.assertClosedByServer(IO);
            }
            assertNewConnectionServed();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"NoColonHere\r\n", ": no name\r\n", "Content-Length: abc\r\n", "Content-Length: -1\r\n",
                "Content-Length: 1x\r\n"})
        void malformedHeaderGets400AndClose(String headerLine) throws IOException {
            try (HttpTestClient h = http()) {
                h.send("POST /echo HTTP/1.1\r\n" + HOST + headerLine + "\r\n");
                assertStatus(h.read(IO), 400);
                h.assertClosedByServer(IO);
            }
            assertNewConnectionServed();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/nope", "/echox", "/", "/relay", "/works"})
        void unknownPathGets404(String path) throws IOException {
            try (HttpTestClient h = http()) {
                h.send(get(path));
                assertStatus(h.read(IO), 404);
            }
            assertNewConnectionServed();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"DELETE", "PUT", "OPTIONS", "PATCH", "TRACE"})
        void otherMethodGets405(String method) throws IOException {
            try (HttpTestClient h = http()) {
                h.send(method + " /echo HTTP/1.1\r\n" + HOST + "Content-Length: 0\r\n\r\n");
                assertStatus(h.read(IO), 405);
            }
            assertNewConnectionServed();
        }

        @Test
        void postWithoutContentLengthGets411() throws IOException {
            try (HttpTestClient h = http()) {
                h.send("POST /echo HTTP/1.1\r\n" + HOST + "\r\n");
                assertStatus(h.read(IO), 411);
            }
            assertNewConnectionServed();
        }

        @Test
        void chunkedPostWithoutContentLengthGets411() throws IOException {
            try (HttpTestClient h = http()) {
                h.send("POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
                assertStatus(h.read(IO), 411);
            }
            assertNewConnectionServed();
        }

        @Test
        void bodyOverTheDefaultLimitGets413WithoutWaitingForTheBody() throws IOException {
            try (HttpTestClient h = http()) {
                h.send("POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: " + (limits.maxBodyBytes() + 1L) + "\r\n\r\n");
                assertStatus(h.read(IO), 413);
            }
            try (HttpTestClient h = http()) {
                h.send("POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 99999999999999\r\n\r\n");
                assertStatus(h.read(IO), 413);
            }
            assertNewConnectionServed();
        }

        @Test
        void bodyOverASmallConfiguredLimitGets413() throws IOException {
            try (Server own = start(config().withLimits(limits.withMaxBodyBytes(16)))) {
                try (HttpTestClient h = http(own)) {
                    h.send(post("/echo", ascii("sixteen bytes...")));
                    assertOk(h.read(IO), ascii("sixteen bytes..."));
                    h.send(post("/echo", ascii("seventeen bytes..")));
                    assertStatus(h.read(IO), 413);
                }
                try (HttpTestClient h = http(own)) {
                    h.send(get("/echo"));
                    assertOk(h.read(IO), ascii("hello\n"));
                }
            }
        }

        @Test
        void headerSectionOverTheLimitGets431() throws IOException {
            String bigField = "X-Pad: " + "a".repeat(limits.maxHeaderBytes() + 16) + "\r\n";
            try (HttpTestClient h = http()) {
                h.send(get("/echo", bigField));
                assertStatus(h.read(IO), 431);
            }
            StringBuilder manyFields = new StringBuilder();
            for (int i = 0; manyFields.length() <= limits.maxHeaderBytes(); i++) {
                manyFields.append("X-Field-").append(i).append(": ").append("v".repeat(40)).append("\r\n");
            }
            try (HttpTestClient h = http()) {
                h.send(get("/echo", manyFields.toString()));
                assertStatus(h.read(IO), 431);
            }
            assertNewConnectionServed();
        }

        @Test
        void unterminatedHeaderSectionOverTheLimitGets431WithoutWaitingForItsEnd() throws IOException {
            try (HttpTestClient h = http()) {
                h.send("GET /echo HTTP/1.1\r\n" + HOST + "X-Endless: " + "z".repeat(limits.maxHeaderBytes() + 100));
                assertStatus(h.read(IO), 431);
            }
            assertNewConnectionServed();
        }

        @Test
        void headerSectionJustUnderTheLimitIsServed() throws IOException {
            String head = "GET /echo HTTP/1.1\r\n" + HOST + "X-Pad: ";
            int padding = limits.maxHeaderBytes() - head.length() - "\r\n\r\n".length() - 64;
            try (HttpTestClient h = http()) {
                h.send(head + "p".repeat(padding) + "\r\n\r\n");
                assertOk(h.read(IO), ascii("hello\n"));
            }
        }

        @Test
        void workParametersOverTheLimitsGet4xx() throws IOException {
            String[] targets = {
                    "/work?cpu_us=" + over(limits.maxCpuMicros()),
                    "/work?wait_us=" + over(limits.maxWaitMicros()),
                    "/work?reply_bytes=" + over(limits.maxReplyBytes()),
                    "/work?reply_bytes=99999999999999999999",
                    "/work?reply_bytes=abc",
                    "/subscribe?count=" + over(limits.maxEvents()) + "&interval_us=0&event_bytes=1",
                    "/subscribe?count=1&interval_us=" + over(limits.maxIntervalMicros()) + "&event_bytes=1",
                    "/subscribe?count=1&interval_us=0&event_bytes=" + over(limits.maxEventBytes()),
            };
            for (String target : targets) {
                try (HttpTestClient h = http()) {
                    h.send(get(target));
                    Response r = h.read(IO);
                    assertTrue(r.status() >= 400 && r.status() < 500, "GET " + target + " answered " + r);
                }
            }
            assertNewConnectionServed();
        }
    }
}
