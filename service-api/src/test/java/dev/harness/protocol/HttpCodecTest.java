package dev.harness.protocol;

import static dev.harness.conformance.ActFrames.concat;
import static dev.harness.protocol.HttpResponses.ascii;
import static dev.harness.protocol.HttpResponses.req;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames;
import dev.harness.protocol.HttpResponses.Response;
import dev.harness.service.ErrorCode;
import dev.harness.service.Limits;
import dev.harness.service.Operation;
import dev.harness.service.Request;
import dev.harness.service.Status;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link HttpCodec} against docs/protocol.md §2 and the HTTP/1.1 framing rules it cites (RFC 9112). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpCodecTest {

    static final Limits LIMITS = Limits.defaults();
    static final String GET_ECHO = "GET /echo HTTP/1.1\r\nHost: t\r\n\r\n";

    private static CodecDriver driver() {
        return new CodecDriver(new HttpCodec(LIMITS), 4096);
    }

    private static CodecDriver driver(Limits limits) {
        return new CodecDriver(new HttpCodec(limits), 4096);
    }

    private static Operation decodeOne(String request) {
        CodecDriver d = driver().feed(req(request));
        assertEquals(1, d.requests.size(), "one request from: " + request);
        assertEquals(0, d.takeOut().length, "no output before the answer");
        return d.requests.get(0).operation();
    }

    private static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void assertContentType(Response r) {
        String type = r.header("content-type");
        assertTrue("application/octet-stream".equals(type) || "text/plain".equals(type), "Content-Type " + type);
    }

    // ---- routes -----------------------------------------------------------------------------------

    @Test
    void getEchoIsAnEchoOfHello() {
        CodecDriver d = driver().feed(req(GET_ECHO));
        assertEquals(1, d.requests.size());
        Request r = d.requests.get(0);
        assertEquals(new Operation.Echo(text("hello\n")), r.operation());
        d.codec.reply(r, Status.OK, ((Operation.Echo) r.operation()).data(), d.out);
        Response response = HttpResponses.single(d.takeOut());
        assertEquals(200, response.status());
        assertEquals("hello\n", response.bodyText());
        assertEquals("6", response.header("content-length"));
        assertContentType(response);
        assertFalse(response.closes());
        assertNull(response.header("transfer-encoding"));
        assertFalse(d.codec.finished());
    }

    @Test
    void postEchoIsAnEchoOfTheBody() {
        byte[] body = {'a', '\r', '\n', '\r', '\n', 0, (byte) 0xFF, 'z'};
        byte[] request = concat(req("POST /echo HTTP/1.1\r\nContent-Length: 8\r\n\r\n"), body,
                req(GET_ECHO));
        CodecDriver d = driver().feed(request);
        assertEquals(2, d.requests.size());
        assertEquals(new Operation.Echo(ByteBuffer.wrap(body)), d.requests.get(0).operation());
        assertEquals(new Operation.Echo(text("hello\n")), d.requests.get(1).operation());
        d.codec.reply(d.requests.get(0), Status.OK, ByteBuffer.wrap(body), d.out);
        Response response = HttpResponses.single(d.takeOut());
        assertEquals(200, response.status());
        assertArrayEquals(body, response.body());
        assertContentType(response);
    }

    @Test
    void postEchoWithContentLengthZeroIsAnEmptyEcho() {
        assertEquals(new Operation.Echo(ByteBuffer.allocate(0)),
                decodeOne("POST /echo HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
    }

    @Test
    void headEchoAnswersHeadersWithoutABody() {
        CodecDriver d = driver().feed(req("HEAD /echo HTTP/1.1\r\n\r\n" + GET_ECHO));
        assertEquals(2, d.requests.size());
        assertEquals(new Operation.Echo(text("hello\n")), d.requests.get(0).operation());
        CodecDriver.answer(d, d.requests.get(0));
        CodecDriver.answer(d, d.requests.get(1));
        HttpResponses parser = new HttpResponses(d.takeOut());
        Response head = parser.next(true);
        assertEquals(200, head.status());
        assertEquals("6", head.header("content-length"), "HEAD carries the length a GET would");
        Response get = parser.next(false);
        assertEquals("hello\n", get.bodyText(), "the next response starts right after the HEAD headers");
        assertTrue(parser.atEnd());
    }

    static Stream<Arguments> workTargets() {
        return Stream.of(
                Arguments.of("/work?cpu_us=10&wait_us=1000&reply_bytes=32", new Operation.Work(10, 1000, 32)),
                Arguments.of("/work", new Operation.Work(0, 0, 0)),
                Arguments.of("/work?", new Operation.Work(0, 0, 0)),
                Arguments.of("/work?wait_us=5", new Operation.Work(0, 5, 0)),
                Arguments.of("/work?reply_bytes=7&cpu_us=3", new Operation.Work(3, 0, 7)),
                Arguments.of("/work?cpu_us=0&wait_us=0&reply_bytes=0", new Operation.Work(0, 0, 0)),
                Arguments.of("/work?cpu_us=2147483647&wait_us=2147483647&reply_bytes=2147483647",
                        new Operation.Work(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workTargets")
    void workParametersMissingAreZero(String target, Operation.Work expected) {
        assertEquals(expected, decodeOne("GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n"));
    }

    @Test
    void workAnswersReplyBytesAsOctets() {
        CodecDriver d = driver().feed(req("GET /work?reply_bytes=32 HTTP/1.1\r\n\r\n"));
        d.codec.reply(d.requests.get(0), Status.OK, ByteBuffer.allocate(32), d.out);
        Response r = HttpResponses.single(d.takeOut());
        assertEquals(200, r.status());
        assertArrayEquals(new byte[32], r.body());
        assertEquals("32", r.header("content-length"));
        assertContentType(r);
    }

    @Test
    void subscribeIsChunkedOneChunkPerEventThenTheLastChunk() {
        CodecDriver d = driver().feed(req("GET /subscribe?count=3&interval_us=7&event_bytes=2 HTTP/1.1\r\n\r\n"));
        assertEquals(List.of(new Operation.Subscribe(3, 7, 2)), d.requests.stream().map(Request::operation).toList());
        Request r = d.requests.get(0);
        d.codec.reply(r, Status.OK, text("ab"), d.out);
        byte[] first = d.takeOut();
        String head = new String(first, StandardCharsets.ISO_8859_1);
        assertTrue(head.startsWith("HTTP/1.1 200 "), head);
        int bodyStart = head.indexOf("\r\n\r\n") + 4;
        String headers = head.substring(0, bodyStart).toLowerCase();
        assertTrue(headers.contains("\r\ntransfer-encoding: chunked\r\n"), headers);
        assertFalse(headers.contains("content-length"), headers);
        assertEquals("2\r\nab\r\n", head.substring(bodyStart), "the first event is written at once");
        assertFalse(d.codec.finished());
        d.codec.reply(r, Status.OK, text("cd"), d.out);
        d.codec.reply(r, Status.LAST, text("ef"), d.out);
        assertEquals("2\r\ncd\r\n2\r\nef\r\n0\r\n\r\n", new String(d.takeOut(), StandardCharsets.ISO_8859_1));

        Response whole = HttpResponses.single(concat(first, req("2\r\ncd\r\n2\r\nef\r\n0\r\n\r\n")));
        assertEquals(3, whole.chunks().size());
        assertContentType(whole);
        assertFalse(d.codec.finished());
    }

    @Test
    void subscribeEventsLargerThan15BytesUseHexSizes() {
        CodecDriver d = driver().feed(req("GET /subscribe?count=2&event_bytes=300 HTTP/1.1\r\n\r\n"));
        Request r = d.requests.get(0);
        d.codec.reply(r, Status.OK, ByteBuffer.allocate(300), d.out);
        d.codec.reply(r, Status.LAST, ByteBuffer.allocate(26), d.out);
        String all = new String(d.takeOut(), StandardCharsets.ISO_8859_1);
        String body = all.substring(all.indexOf("\r\n\r\n") + 4);
        assertEquals("12c\r\n" + "\0".repeat(300) + "\r\n1a\r\n" + "\0".repeat(26) + "\r\n0\r\n\r\n", body);
    }

    @Test
    void relayEchoIsARelayOfAnInnerEcho() {
        assertEquals(new Operation.Relay(Operation.ECHO, text("hello\n")), decodeOne("GET /relay/echo HTTP/1.1\r\n\r\n"));
        assertEquals(new Operation.Relay(Operation.ECHO, text("xyz")),
                decodeOne("POST /relay/echo HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyz"));
    }

    @Test
    void relayWorkCarriesTheTwelveByteWorkPayload() {
        Operation op = decodeOne("GET /relay/work?cpu_us=10&wait_us=1000&reply_bytes=32 HTTP/1.1\r\n\r\n");
        Operation.Relay relay = assertInstanceOf(Operation.Relay.class, op);
        assertEquals(Operation.WORK, relay.innerOp());
        assertEquals(ByteBuffer.wrap(ActFrames.u32s(10, 1000, 32)), relay.innerPayload());
        Operation.Relay empty = assertInstanceOf(Operation.Relay.class, decodeOne("GET /relay/work HTTP/1.1\r\n\r\n"));
        assertEquals(Operation.WORK, empty.innerOp());
        assertEquals(ByteBuffer.wrap(new byte[12]), empty.innerPayload());
    }

    @Test
    void relayAnswerIsTheDownstreamsPayload() {
        CodecDriver d = driver().feed(req("GET /relay/echo HTTP/1.1\r\n\r\n"));
        d.codec.reply(d.requests.get(0), Status.OK, text("from downstream"), d.out);
        Response r = HttpResponses.single(d.takeOut());
        assertEquals(200, r.status());
        assertEquals("from downstream", r.bodyText());
    }

    // ---- X-ACT --------------------------------------------------------------------------------------

    @Test
    void xActIsEchoedExactly() {
        String token = "0x2A/client-7;q=\"a b\"";
        CodecDriver d = driver().feed(req("GET /echo HTTP/1.1\r\nX-ACT: " + token + "\r\n\r\n"
                + "GET /work HTTP/1.1\r\nx-act: lower\r\n\r\n"
                + GET_ECHO
                + "GET /missing HTTP/1.1\r\nX-Act: for-404\r\n\r\n"));
        assertEquals(3, d.requests.size());
        for (Request r : d.requests) {
            CodecDriver.answer(d, r);
        }
        List<Response> responses = HttpResponses.parseAll(d.takeOut());
        assertEquals(4, responses.size());
        assertEquals(token, responses.get(0).header("x-act"));
        assertTrue(new String(responses.get(0).raw(), StandardCharsets.ISO_8859_1).contains("\r\nX-ACT: " + token + "\r\n")
                || new String(responses.get(0).raw(), StandardCharsets.ISO_8859_1).toLowerCase().contains("\r\nx-act: " + token.toLowerCase() + "\r\n"));
        assertEquals("lower", responses.get(1).header("x-act"));
        assertNull(responses.get(2).header("x-act"), "no X-ACT without one in the request");
        assertEquals(404, responses.get(3).status());
        assertEquals("for-404", responses.get(3).header("x-act"));
    }

    @Test
    void xActIsEchoedOnAFailure() {
        CodecDriver d = driver().feed(req("GET /work?cpu_us=5 HTTP/1.1\r\nX-ACT: t-1\r\n\r\n"));
        d.codec.fail(d.requests.get(0), ErrorCode.BAD_REQUEST, "cpu_us over the limit", d.out);
        Response r = HttpResponses.single(d.takeOut());
        assertEquals(400, r.status());
        assertEquals("t-1", r.header("x-act"));
    }

    // ---- connection management ------------------------------------------------------------------------

    @Test
    void keepAliveIsTheDefault() {
        CodecDriver d = driver().feed(req(GET_ECHO + GET_ECHO));
        assertEquals(2, d.requests.size());
        assertTrue(d.lastNeed() > 0, "reading goes on");
        d.requests.forEach(r -> CodecDriver.answer(d, r));
        for (Response r : HttpResponses.parseAll(d.takeOut())) {
            assertFalse(r.closes());
        }
        assertFalse(d.codec.finished());
    }

    @Test
    void connectionCloseIsHonoured() {
        CodecDriver d = driver().feed(req("GET /echo HTTP/1.1\r\nConnection: Close\r\n\r\n" + GET_ECHO));
        assertEquals(1, d.requests.size(), "no request after the one that closes is decoded");
        assertTrue(d.stopped, "STOP_READING");
        assertFalse(d.codec.finished(), "not finished before the answer");
        CodecDriver.answer(d, d.requests.get(0));
        Response r = HttpResponses.single(d.takeOut());
        assertEquals(200, r.status());
        assertEquals("close", r.header("connection").toLowerCase());
        assertTrue(d.codec.finished());
        assertEquals(WireCodec.STOP_READING, d.codec.decode(ByteBuffer.wrap(req(GET_ECHO)), x -> {
            throw new AssertionError("decoded after close: " + x);
        }, d.out));
    }

    @Test
    void connectionCloseAmongOtherTokens() {
        CodecDriver d = driver().feed(req("GET /echo HTTP/1.1\r\nConnection: keep-alive, close\r\n\r\n" + GET_ECHO));
        assertEquals(1, d.requests.size());
        assertTrue(d.stopped);
    }

    @Test
    void aClosingRequestAnsweredFirstWaitsForTheOneBeforeIt() {
        CodecDriver d = driver().feed(req(GET_ECHO + "GET /work?reply_bytes=1 HTTP/1.1\r\nConnection: close\r\n\r\n"));
        assertEquals(2, d.requests.size());
        CodecDriver.answer(d, d.requests.get(1));
        assertEquals(0, d.out.readableBytes());
        assertFalse(d.codec.finished(), "the first request is not answered yet");
        CodecDriver.answer(d, d.requests.get(0));
        List<Response> rs = HttpResponses.parseAll(d.takeOut());
        assertEquals(2, rs.size());
        assertEquals("hello\n", rs.get(0).bodyText());
        assertFalse(rs.get(0).closes());
        assertTrue(rs.get(1).closes());
        assertTrue(d.codec.finished());
    }

    @Test
    void http10WithoutKeepAliveCloses() {
        CodecDriver d = driver().feed(req("GET /echo HTTP/1.0\r\n\r\n" + GET_ECHO));
        assertEquals(1, d.requests.size());
        assertTrue(d.stopped);
        CodecDriver.answer(d, d.requests.get(0));
        Response r = HttpResponses.single(d.takeOut());
        assertEquals(200, r.status());
        assertTrue(r.closes());
        assertTrue(d.codec.finished());
    }

    @Test
    void http10WithKeepAliveStaysOpen() {
        CodecDriver d = driver().feed(req("GET /echo HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" + GET_ECHO));
        assertEquals(2, d.requests.size());
        assertFalse(d.stopped);
    }

    // ---- pipelining and order ---------------------------------------------------------------------------

    @Test
    void pipelinedRequestsInOneBufferAreAllDecodedWithDistinctActs() {
        String all = GET_ECHO + "GET /work?reply_bytes=3 HTTP/1.1\r\n\r\n" + "POST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"
                + "GET /subscribe?count=1&event_bytes=1 HTTP/1.1\r\n\r\n" + "GET /relay/echo HTTP/1.1\r\n\r\n";
        CodecDriver d = driver().feed(req(all));
        assertEquals(List.of(new Operation.Echo(text("hello\n")), new Operation.Work(0, 0, 3),
                new Operation.Echo(text("abc")), new Operation.Subscribe(1, 0, 1),
                new Operation.Relay(Operation.ECHO, text("hello\n"))),
                d.requests.stream().map(Request::operation).toList());
        Set<Long> acts = new HashSet<>();
        d.requests.forEach(r -> acts.add(r.act()));
        assertEquals(5, acts.size(), "acts tell the requests apart");
        assertEquals(0, d.in.position(), "every byte consumed");
    }

    @Test
    void answersCompletedOutOfOrderAreWrittenInOrder() {
        CodecDriver d = driver().feed(req(GET_ECHO + "GET /work?reply_bytes=3 HTTP/1.1\r\n\r\n"
                + "POST /echo HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc"));
        assertEquals(3, d.requests.size());
        CodecDriver.answer(d, d.requests.get(2));
        assertEquals(0, d.out.readableBytes(), "request 3 waits for 1 and 2");
        CodecDriver.answer(d, d.requests.get(1));
        assertEquals(0, d.out.readableBytes(), "request 2 waits for 1");
        CodecDriver.answer(d, d.requests.get(0));
        List<Response> rs = HttpResponses.parseAll(d.takeOut());
        assertEquals(3, rs.size());
        assertEquals("hello\n", rs.get(0).bodyText());
        assertArrayEquals(new byte[3], rs.get(1).body());
        assertEquals("abc", rs.get(2).bodyText());
    }

    @Test
    void answerTwoBeforeOneIsWrittenAfterOne() {
        CodecDriver d = driver().feed(req(GET_ECHO + "GET /relay/echo HTTP/1.1\r\nX-ACT: two\r\n\r\n"));
        d.codec.reply(d.requests.get(1), Status.OK, text("second"), d.out);
        assertEquals(0, d.out.readableBytes());
        d.codec.reply(d.requests.get(0), Status.OK, text("first"), d.out);
        List<Response> rs = HttpResponses.parseAll(d.takeOut());
        assertEquals(List.of("first", "second"), rs.stream().map(Response::bodyText).toList());
        assertEquals("two", rs.get(1).header("x-act"));
    }

    @Test
    void anEchoCompletedEarlyWaitsForTheStreamBeforeIt() {
        CodecDriver d = driver().feed(req("GET /subscribe?count=2&event_bytes=2 HTTP/1.1\r\n\r\n" + GET_ECHO));
        Request sub = d.requests.get(0);
        Request echo = d.requests.get(1);
        CodecDriver.answer(d, echo);
        assertEquals(0, d.out.readableBytes(), "the echo waits");
        d.codec.reply(sub, Status.OK, text("ab"), d.out);
        String partial = new String(d.takeOut(), StandardCharsets.ISO_8859_1);
        assertTrue(partial.endsWith("\r\n\r\n2\r\nab\r\n"), ascii(partial.getBytes(StandardCharsets.ISO_8859_1)));
        assertFalse(partial.contains("hello"), "no echo bytes inside the stream");
        d.codec.reply(sub, Status.LAST, text("cd"), d.out);
        String rest = new String(d.takeOut(), StandardCharsets.ISO_8859_1);
        assertTrue(rest.startsWith("2\r\ncd\r\n0\r\n\r\nHTTP/1.1 200 "), ascii(rest.getBytes(StandardCharsets.ISO_8859_1)));
        List<Response> rs = HttpResponses.parseAll(req(partial + rest));
        assertEquals(2, rs.size());
        assertEquals("abcd", rs.get(0).bodyText());
        assertEquals("hello\n", rs.get(1).bodyText());
    }

    @Test
    void aLaterStreamBuffersItsEventsUntilItIsFirst() {
        CodecDriver d = driver().feed(req(GET_ECHO + "GET /subscribe?count=2&event_bytes=1 HTTP/1.1\r\n\r\n"));
        Request echo = d.requests.get(0);
        Request sub = d.requests.get(1);
        d.codec.reply(sub, Status.OK, text("x"), d.out);
        assertEquals(0, d.out.readableBytes());
        CodecDriver.answer(d, echo);
        d.codec.reply(sub, Status.LAST, text("y"), d.out);
        List<Response> rs = HttpResponses.parseAll(d.takeOut());
        assertEquals("hello\n", rs.get(0).bodyText());
        assertEquals(List.of("x", "y"), rs.get(1).chunks().stream().map(String::new).toList());
    }

    @Test
    void leadingEmptyLinesAreIgnored() {
        CodecDriver d = driver().feed(req("\r\n\r\n" + GET_ECHO + "\r\n" + GET_ECHO));
        assertEquals(2, d.requests.size());
        assertEquals(0, d.takeOut().length);
        assertFalse(d.stopped);
    }

    @Test
    void pausesAtMaxPipelinedAndResumesAfterAnswers() {
        int max = HttpCodec.MAX_PIPELINED;
        byte[] stream = req(GET_ECHO.repeat(max + 2));
        CodecDriver d = new CodecDriver(new HttpCodec(LIMITS), stream.length);
        d.feed(stream);
        assertEquals(max, d.requests.size());
        assertEquals(WireCodec.PAUSED, d.lastNeed());
        assertTrue(d.in.position() > 0, "the requests after the bound stay in the buffer");
        assertEquals(WireCodec.PAUSED, d.decodeOnce(), "still paused without answers");
        assertEquals(max, d.requests.size());

        CodecDriver.answer(d, d.requests.get(0));
        d.decodeOnce();
        assertEquals(max + 1, d.requests.size(), "one answer, one more request");
        assertEquals(WireCodec.PAUSED, d.lastNeed());
        CodecDriver.answer(d, d.requests.get(1));
        CodecDriver.answer(d, d.requests.get(2));
        assertTrue(d.decodeOnce() > 0);
        assertEquals(max + 2, d.requests.size());
        assertEquals(0, d.in.position());
        for (int i = 3; i < d.requests.size(); i++) {
            CodecDriver.answer(d, d.requests.get(i));
        }
        assertEquals(max + 2, HttpResponses.parseAll(d.takeOut()).size());
    }

    // ---- incremental decoding -----------------------------------------------------------------------

    /** Requests without a body (CodecRegressionTest covers bodies split after their header). */
    static final String BODILESS_STREAM = "\r\n" + GET_ECHO
            + "GET /work?cpu_us=1&wait_us=2&reply_bytes=3 HTTP/1.1\r\nX-ACT: w\r\n\r\n"
            + "HEAD /echo HTTP/1.1\r\nAccept: */*\r\n\r\n"
            + "\r\n"
            + "GET /subscribe?count=2&interval_us=0&event_bytes=4 HTTP/1.1\r\n\r\n"
            + "GET /relay/work?reply_bytes=9 HTTP/1.1\r\n\r\n"
            + "POST /echo HTTP/1.1\r\nContent-Length: 0\r\n\r\n"
            + "GET /nowhere HTTP/1.1\r\n\r\n"
            + "GET /relay/echo HTTP/1.1\r\nConnection: keep-alive\r\n\r\n";

    @Test
    void everyTwoPartSplitDecodesAndAnswersLikeUnsplit() {
        byte[] stream = req(BODILESS_STREAM);
        CodecDriver whole = new CodecDriver(new HttpCodec(LIMITS), 4096, CodecDriver::answer).feed(stream);
        assertEquals(7, whole.requests.size());
        byte[] expectedOut = whole.takeOut();
        assertEquals(8, HttpResponses.parseAll(expectedOut, true).size());
        for (int cut = 0; cut <= stream.length; cut++) {
            for (int capacity : new int[] {8, 4096}) {
                CodecDriver d = new CodecDriver(new HttpCodec(LIMITS), capacity, CodecDriver::answer).feedSplit(stream, cut);
                assertEquals(ops(whole.requests), ops(d.requests), "cut " + cut);
                assertArrayEquals(expectedOut, d.takeOut(), "cut " + cut);
                assertFalse(d.stopped);
                assertEquals(0, d.in.position());
            }
        }
    }

    @Test
    void byteByByteDecodesAndAnswersLikeUnsplit() {
        byte[] stream = req(BODILESS_STREAM);
        CodecDriver whole = new CodecDriver(new HttpCodec(LIMITS), 4096, CodecDriver::answer).feed(stream);
        CodecDriver d = new CodecDriver(new HttpCodec(LIMITS), 4, CodecDriver::answer).feedByteByByte(stream);
        assertEquals(ops(whole.requests), ops(d.requests));
        assertArrayEquals(whole.takeOut(), d.takeOut());
    }

    @Test
    void anEightThousandByteHeaderFedOneByteAtATimeDecodes() {
        StringBuilder header = new StringBuilder("GET /echo HTTP/1.1\r\nX-ACT: slow\r\n");
        for (int i = 0; header.length() < 7950; i++) {
            header.append("X-Pad-").append(i).append(": ").append("v".repeat(40)).append("\r\n");
        }
        header.append("\r\n");
        byte[] bytes = req(header.toString());
        assertTrue(bytes.length > 7900 && bytes.length < LIMITS.maxHeaderBytes());
        CodecDriver d = new CodecDriver(new HttpCodec(LIMITS), 16 * 1024).feedByteByByte(bytes);
        assertEquals(List.of(new Operation.Echo(text("hello\n"))), ops(d.requests));
        assertEquals(0, d.takeOut().length);
        for (int need : d.needs) {
            assertTrue(need > 0 && need <= LIMITS.maxHeaderBytes() + 1, "need " + need);
        }
    }

    private static List<Operation> ops(List<Request> requests) {
        return requests.stream().map(Request::operation).toList();
    }

    // ---- errors ---------------------------------------------------------------------------------------

    enum After { CLOSE, KEEP_OPEN, EITHER }

    static Stream<Arguments> errors() {
        String digits20 = "12345678901234567890";
        return Stream.of(
                // 400 and close: a malformed request line
                Arguments.of("no version", "GET /echo\r\n\r\n", 400, After.CLOSE),
                Arguments.of("two spaces", "GET  /echo HTTP/1.1\r\n\r\n", 400, After.CLOSE),
                Arguments.of("relative target", "GET echo HTTP/1.1\r\n\r\n", 400, After.CLOSE),
                Arguments.of("unknown version", "GET /echo HTTP/2.0\r\n\r\n", 400, After.CLOSE),
                Arguments.of("lower-case version", "GET /echo http/1.1\r\n\r\n", 400, After.CLOSE),
                Arguments.of("extra token", "GET /echo HTTP/1.1 x\r\n\r\n", 400, After.CLOSE),
                Arguments.of("lower-case method", "get /echo HTTP/1.1\r\n\r\n", 400, After.CLOSE),
                Arguments.of("method not a token", "G@T /echo HTTP/1.1\r\n\r\n", 400, After.CLOSE),
                Arguments.of("only a method", "GET\r\n\r\n", 400, After.CLOSE),
                // 400 and close: a malformed header line
                Arguments.of("header without colon", "GET /echo HTTP/1.1\r\nHost t\r\n\r\n", 400, After.CLOSE),
                Arguments.of("obsolete line folding", "GET /echo HTTP/1.1\r\nHost: t\r\n folded\r\n\r\n", 400, After.CLOSE),
                Arguments.of("space in field name", "GET /echo HTTP/1.1\r\nBad Name: x\r\n\r\n", 400, After.CLOSE),
                Arguments.of("space before colon", "GET /echo HTTP/1.1\r\nHost : t\r\n\r\n", 400, After.CLOSE),
                Arguments.of("empty field name", "GET /echo HTTP/1.1\r\n: v\r\n\r\n", 400, After.CLOSE),
                Arguments.of("bare CR in a header", "GET /echo HTTP/1.1\r\nA: x\ry\r\n\r\n", 400, After.CLOSE),
                // 400 and close: Content-Length
                Arguments.of("Content-Length letters", "POST /echo HTTP/1.1\r\nContent-Length: abc\r\n\r\n", 400, After.CLOSE),
                Arguments.of("Content-Length negative", "POST /echo HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400, After.CLOSE),
                Arguments.of("Content-Length plus", "POST /echo HTTP/1.1\r\nContent-Length: +5\r\n\r\n", 400, After.CLOSE),
                Arguments.of("Content-Length empty", "POST /echo HTTP/1.1\r\nContent-Length: \r\n\r\n", 400, After.CLOSE),
                Arguments.of("Content-Length two numbers", "POST /echo HTTP/1.1\r\nContent-Length: 1 2\r\n\r\n", 400, After.CLOSE),
                Arguments.of("Content-Length 20 digits", "POST /echo HTTP/1.1\r\nContent-Length: " + digits20 + "\r\n\r\n", 400, After.CLOSE),
                Arguments.of("Content-Length 19 digits over 2^63", "POST /echo HTTP/1.1\r\nContent-Length: 9223372036854775809\r\n\r\n", 400, After.CLOSE),
                Arguments.of("Content-Length 19 digits, 2^63 - 1", "POST /echo HTTP/1.1\r\nContent-Length: 9223372036854775807\r\n\r\n", 400, After.CLOSE),
                Arguments.of("two Content-Length values", "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400, After.CLOSE),
                // 404
                Arguments.of("unknown path", "GET /nope HTTP/1.1\r\n\r\n", 404, After.KEEP_OPEN),
                Arguments.of("root", "GET / HTTP/1.1\r\n\r\n", 404, After.KEEP_OPEN),
                Arguments.of("prefix of a path", "GET /ech HTTP/1.1\r\n\r\n", 404, After.KEEP_OPEN),
                Arguments.of("path with a suffix", "GET /echoes HTTP/1.1\r\n\r\n", 404, After.KEEP_OPEN),
                Arguments.of("upper-case path", "GET /ECHO HTTP/1.1\r\n\r\n", 404, After.KEEP_OPEN),
                Arguments.of("relay of nothing", "GET /relay HTTP/1.1\r\n\r\n", 404, After.KEEP_OPEN),
                Arguments.of("relay of subscribe", "GET /relay/subscribe HTTP/1.1\r\n\r\n", 404, After.KEEP_OPEN),
                // 405
                Arguments.of("DELETE", "DELETE /echo HTTP/1.1\r\n\r\n", 405, After.KEEP_OPEN),
                Arguments.of("PUT with a body", "PUT /echo HTTP/1.1\r\nContent-Length: 2\r\n\r\nab", 405, After.KEEP_OPEN),
                Arguments.of("OPTIONS", "OPTIONS /echo HTTP/1.1\r\n\r\n", 405, After.KEEP_OPEN),
                Arguments.of("POST /work", "POST /work HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 405, After.KEEP_OPEN),
                Arguments.of("POST /subscribe", "POST /subscribe?count=1&event_bytes=1 HTTP/1.1\r\nContent-Length: 0\r\n\r\n", 405, After.KEEP_OPEN),
                // 411
                Arguments.of("POST without Content-Length", "POST /echo HTTP/1.1\r\n\r\n", 411, After.EITHER),
                Arguments.of("chunked request body", "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 411, After.CLOSE),
                // both framings: RFC 9112 6.1 lets a server refuse it, and one that takes either is a smuggling vector
                Arguments.of("Content-Length and Transfer-Encoding", "POST /echo HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 411, After.CLOSE),
                Arguments.of("Transfer-Encoding and Content-Length", "POST /echo HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\nabc", 411, After.CLOSE),
                // 400 keep-open: a bad query value
                Arguments.of("query letters", "GET /work?cpu_us=abc HTTP/1.1\r\n\r\n", 400, After.KEEP_OPEN),
                Arguments.of("query negative", "GET /work?wait_us=-1 HTTP/1.1\r\n\r\n", 400, After.KEEP_OPEN),
                Arguments.of("query 2^31", "GET /work?reply_bytes=2147483648 HTTP/1.1\r\n\r\n", 400, After.KEEP_OPEN),
                Arguments.of("query 20 digits", "GET /work?cpu_us=" + digits20 + " HTTP/1.1\r\n\r\n", 400, After.KEEP_OPEN),
                Arguments.of("query empty value", "GET /work?cpu_us= HTTP/1.1\r\n\r\n", 400, After.KEEP_OPEN),
                Arguments.of("query on relay/work", "GET /relay/work?wait_us=1x HTTP/1.1\r\n\r\n", 400, After.KEEP_OPEN),
                Arguments.of("subscribe count letters", "GET /subscribe?count=x&event_bytes=1 HTTP/1.1\r\n\r\n", 400, After.KEEP_OPEN),
                Arguments.of("subscribe interval 2^32", "GET /subscribe?count=1&interval_us=4294967296&event_bytes=1 HTTP/1.1\r\n\r\n", 400, After.KEEP_OPEN),
                Arguments.of("event_bytes=0", "GET /subscribe?count=1&event_bytes=0 HTTP/1.1\r\n\r\n", 400, After.KEEP_OPEN));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorsAreAnsweredWithTheirStatus(String name, String request, int status, After after) {
        CodecDriver d = driver().feed(req(request + GET_ECHO));
        Response r = HttpResponses.single(d.takeOut());
        assertEquals(status, r.status(), name);
        assertTrue(r.body().length > 0, "an error says why");
        assertContentType(r);
        if (status == 405) {
            String allow = r.header("allow");
            assertNotNull(allow, "405 carries Allow");
            assertTrue(allow.contains("GET"), allow);
        }
        switch (after) {
            case CLOSE -> {
                assertTrue(r.closes(), "Connection: close on " + name);
                assertTrue(d.stopped, "STOP_READING");
                assertTrue(d.requests.isEmpty(), "nothing decoded after it");
                assertTrue(d.codec.finished());
            }
            case KEEP_OPEN -> {
                assertFalse(r.closes(), name + " keeps the connection");
                assertFalse(d.stopped);
                assertEquals(List.of(new Operation.Echo(text("hello\n"))), ops(d.requests), "the next request is decoded");
                assertFalse(d.codec.finished());
            }
            case EITHER -> assertEquals(r.closes(), d.codec.finished() && d.requests.isEmpty());
        }
    }

    @Test
    void aMalformedRequestAfterAnUnansweredOneIsAnsweredInOrderThenCloses() {
        CodecDriver d = driver().feed(req(GET_ECHO + "GET /echo HTTP/9.9\r\n\r\n" + GET_ECHO));
        assertEquals(1, d.requests.size());
        assertTrue(d.stopped, "STOP_READING at the malformed request");
        assertEquals(0, d.out.readableBytes(), "the 400 waits for the answer before it");
        assertFalse(d.codec.finished());
        CodecDriver.answer(d, d.requests.get(0));
        List<Response> rs = HttpResponses.parseAll(d.takeOut());
        assertEquals(List.of(200, 400), rs.stream().map(Response::status).toList());
        assertFalse(rs.get(0).closes());
        assertTrue(rs.get(1).closes());
        assertTrue(d.codec.finished());
    }

    @Test
    void xActAndCloseAreOnAChunkedResponseToo() {
        CodecDriver d = driver().feed(req("GET /subscribe?count=1&event_bytes=3 HTTP/1.1\r\nX-ACT: s-9\r\nConnection: close\r\n\r\n"));
        d.codec.reply(d.requests.get(0), Status.LAST, text("xyz"), d.out);
        Response r = HttpResponses.single(d.takeOut());
        assertEquals("s-9", r.header("x-act"));
        assertTrue(r.closes());
        assertEquals("xyz", r.bodyText());
        assertTrue(d.codec.finished());
    }

    @Test
    void aFreshCodecIsNotFinishedAndAsksForBytes() {
        HttpCodec codec = new HttpCodec(LIMITS);
        assertFalse(codec.finished());
        OutBuffer out = new OutBuffer(8);
        int need = codec.decode(ByteBuffer.allocate(0), r -> { throw new AssertionError(); }, out);
        assertTrue(need > 0, "need " + need);
        assertTrue(out.isEmpty());
    }

    @Test
    void headOfAnUnknownPathGets404WithoutABody() {
        CodecDriver d = driver().feed(req("HEAD /nope HTTP/1.1\r\n\r\n" + GET_ECHO));
        CodecDriver.answer(d, d.requests.get(0));
        HttpResponses parser = new HttpResponses(d.takeOut());
        assertEquals(404, parser.next(true).status());
        assertEquals("hello\n", parser.next(false).bodyText());
        assertTrue(parser.atEnd());
    }

    @Test
    void aDuplicateEqualContentLengthIsAccepted() {
        assertEquals(new Operation.Echo(text("abc")),
                decodeOne("POST /echo HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc"));
    }

    @Test
    void aBodyOverTheLimitGets413AndCloseWithoutWaitingForTheBody() {
        Limits limits = LIMITS.withMaxBodyBytes(1024);
        for (String length : new String[] {"1025", "1000000000000000"}) {
            CodecDriver d = driver(limits).feed(req("POST /echo HTTP/1.1\r\nContent-Length: " + length + "\r\n\r\n"));
            assertTrue(d.stopped, "no waiting for a body of " + length);
            Response r = HttpResponses.single(d.takeOut());
            assertEquals(413, r.status());
            assertTrue(r.closes());
            assertTrue(d.codec.finished());
            for (int need : d.needs) {
                assertTrue(need <= limits.maxHeaderBytes() + limits.maxBodyBytes(), "need " + need);
            }
        }
        CodecDriver ok = driver(limits).feed(concat(req("POST /echo HTTP/1.1\r\nContent-Length: 1024\r\n\r\n"), new byte[1024]));
        assertEquals(List.of(new Operation.Echo(ByteBuffer.allocate(1024))), ops(ok.requests));
    }

    private static String headerOf(int bytes) {
        StringBuilder s = new StringBuilder("GET /echo HTTP/1.1\r\n");
        while (s.length() < bytes) {
            s.append("X-Long: ").append("a".repeat(100)).append("\r\n");
        }
        return s.toString();
    }

    @Test
    void aHeaderSectionOverTheLimitGets431AndClose() {
        String unterminated = headerOf(LIMITS.maxHeaderBytes() + 200);
        for (String request : new String[] {unterminated, unterminated + "\r\n"}) {
            CodecDriver d = driver().feed(req(request));
            assertTrue(d.stopped);
            Response r = HttpResponses.single(d.takeOut());
            assertEquals(431, r.status());
            assertTrue(r.closes());
            assertTrue(d.requests.isEmpty());
            assertTrue(d.codec.finished());
        }
    }

    @Test
    void aHeaderSectionOverTheLimitInSmallPiecesGets431() {
        byte[] bytes = req(headerOf(3 * LIMITS.maxHeaderBytes()));
        for (int piece : new int[] {1, 7, 100, 1000}) {
            CodecDriver d = driver();
            for (int i = 0; i < bytes.length && !d.stopped; i += piece) {
                d.feed(bytes, i, Math.min(bytes.length, i + piece));
            }
            assertTrue(d.stopped, "piece " + piece);
            Response r = HttpResponses.single(d.takeOut());
            assertEquals(431, r.status());
            assertTrue(r.closes());
            for (int need : d.needs) {
                assertTrue(need == WireCodec.STOP_READING || need <= LIMITS.maxHeaderBytes() + 1,
                        "need " + need + " over the header limit");
            }
        }
    }

    // ---- answers from services ----------------------------------------------------------------------

    @Test
    void failMapsTheErrorCodeToItsStatusAndKeepsTheConnection() {
        for (ErrorCode code : ErrorCode.values()) {
            CodecDriver d = driver().feed(req("GET /relay/work HTTP/1.1\r\n\r\n"));
            d.codec.fail(d.requests.get(0), code, "because ✓", d.out);
            Response r = HttpResponses.single(d.takeOut());
            assertEquals(code.httpStatus(), r.status(), code.name());
            assertTrue(r.bodyText().contains("because ✓"), r.bodyText());
            assertFalse(d.codec.finished());
        }
    }

    @Test
    void aFailureInTheMiddleOfAStreamCutsTheConnectionWithoutTheLastChunk() {
        CodecDriver d = driver().feed(req("GET /subscribe?count=5&event_bytes=1 HTTP/1.1\r\n\r\n"));
        Request sub = d.requests.get(0);
        d.codec.reply(sub, Status.OK, text("a"), d.out);
        d.codec.fail(sub, ErrorCode.GATEWAY_TIMEOUT, "gone", d.out);
        String out = new String(d.takeOut(), StandardCharsets.ISO_8859_1);
        assertFalse(out.endsWith("0\r\n\r\n"), "a failed stream must not look complete: " + out);
        assertTrue(d.codec.finished(), "the connection closes");
    }

    @Test
    void answersToAnUnknownOrAnsweredRequestAreIgnored() {
        CodecDriver d = driver().feed(req(GET_ECHO));
        Request r = d.requests.get(0);
        CodecDriver.answer(d, r);
        int written = d.out.readableBytes();
        CodecDriver.answer(d, r);
        d.codec.reply(new Request(r.act() + 100, r.operation()), Status.OK, text("x"), d.out);
        assertEquals(written, d.out.readableBytes());
    }

    @Test
    void manyRequestsOverTimeRecycleTheirExchanges() {
        CodecDriver d = driver();
        List<String> bodies = new ArrayList<>();
        for (int round = 0; round < 50; round++) {
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 5 + round % 7; i++) {
                batch.append("POST /echo HTTP/1.1\r\nContent-Length: ").append(String.valueOf(round * 100 + i).length())
                        .append("\r\n\r\n").append(round * 100 + i);
                bodies.add(String.valueOf(round * 100 + i));
            }
            int before = d.requests.size();
            d.feed(req(batch.toString()));
            List<Request> fresh = new ArrayList<>(d.requests.subList(before, d.requests.size()));
            java.util.Collections.reverse(fresh); // answer each batch backwards
            fresh.forEach(r -> CodecDriver.answer(d, r));
        }
        List<Response> rs = HttpResponses.parseAll(d.takeOut());
        assertEquals(bodies, rs.stream().map(Response::bodyText).toList());
    }
}
