package dev.harness.protocol;

import static dev.harness.conformance.ActFrames.concat;
import static dev.harness.protocol.HttpResponses.req;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.harness.protocol.HttpResponses.Response;
import dev.harness.service.Limits;
import dev.harness.service.Operation;
import dev.harness.service.Request;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Edge cases of the codecs and their output buffer, found by reading them against docs/protocol.md and the
 * RFCs it cites: each test names the rule it checks.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CodecRegressionTest {

    static final Limits LIMITS = Limits.defaults();

    /**
     * A request whose body arrives in a later read than its header section is decoded once the body is
     * here: the search for the end of the header section, resumed where the last read stopped, still finds
     * the CRLF CRLF before the body and does not look for one inside the body.
     */
    @Test
    void httpPostBodyArrivingAfterTheHeaderIsDecoded() {
        byte[] header = req("POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\n");
        byte[] stream = concat(header, req("hello"));
        CodecDriver d = new CodecDriver(new HttpCodec(LIMITS), 4096).feedSplit(stream, header.length);
        assertEquals(List.of(new Operation.Echo(ByteBuffer.wrap(req("hello")))),
                d.requests.stream().map(Request::operation).toList(), "the echo is decoded once its body is here");
    }

    /** A body that holds CRLF CRLF and arrives after its header section is taken as a body, not as headers. */
    @Test
    void httpPostBodyWithABlankLineArrivingAfterTheHeaderIsDecoded() {
        byte[] header = req("POST /echo HTTP/1.1\r\nContent-Length: 6\r\n\r\n");
        byte[] stream = concat(header, req("a\r\n\r\nb"), req("GET /echo HTTP/1.1\r\n\r\n"));
        CodecDriver d = new CodecDriver(new HttpCodec(LIMITS), 4096).feedSplit(stream, header.length + 1);
        assertEquals(0, d.takeOut().length, "no error response for a valid request");
        assertEquals(List.of(new Operation.Echo(ByteBuffer.wrap(req("a\r\n\r\nb"))),
                        new Operation.Echo(ByteBuffer.wrap(req("hello\n")))),
                d.requests.stream().map(Request::operation).toList());
    }

    static Stream<Arguments> seeds() {
        Random master = new Random(0xB0D1E5L);
        return IntStream.range(0, 200).mapToObj(i -> Arguments.of(i, master.nextLong()));
    }

    /** The property of CodecPropertiesTest with POST bodies in the stream, split anywhere, bodies included. */
    @ParameterizedTest(name = "case {0} seed {1}")
    @MethodSource("seeds")
    void httpStreamsWithBodiesSplitAnywhereDecodeLikeUnsplit(int index, long seed) {
        Random rnd = new Random(seed);
        List<Operation> expected = new ArrayList<>();
        byte[] stream = RandomStreams.http(rnd, expected, true);
        CodecDriver whole = new CodecDriver(new HttpCodec(LIMITS), 8192, CodecDriver::answer).feed(stream);
        assertEquals(expected, whole.requests.stream().map(Request::operation).toList(), "seed " + seed);
        byte[] expectedOut = whole.takeOut();
        int[] cuts = RandomStreams.cuts(rnd, stream.length);
        CodecDriver split = new CodecDriver(new HttpCodec(LIMITS), 1 + rnd.nextInt(64), CodecDriver::answer)
                .feedSplit(stream, cuts);
        assertEquals(expected, split.requests.stream().map(Request::operation).toList(),
                "seed " + seed + " cuts " + Arrays.toString(cuts));
        assertArrayEquals(expectedOut, split.takeOut(), "seed " + seed);
    }

    /**
     * A 405 for a POST to a GET-only path lists in {@code Allow} the methods that path supports, GET and
     * HEAD, and not the POST it refused (RFC 9110 §15.5.6, §10.2.1).
     */
    @Test
    void allowOnA405ForPostWorkDoesNotListPost() {
        for (String path : new String[] {"/work", "/subscribe?count=1&event_bytes=1", "/relay/work"}) {
            CodecDriver d = new CodecDriver(new HttpCodec(LIMITS), 4096)
                    .feed(req("POST " + path + " HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
            Response r = HttpResponses.single(d.takeOut());
            assertEquals(405, r.status(), path);
            String allow = r.header("allow");
            assertNotNull(allow);
            List<String> methods = Arrays.stream(allow.split(",")).map(String::strip).toList();
            assertFalse(methods.contains("POST"), "Allow: " + allow + " for POST " + path);
        }
    }

    /**
     * A bare CR ending the request line is not taken for CRLF: {@code GET /echo HTTP/1.1\rXHost: a\r\n\r\n}
     * is a malformed request line, answered 400 and close (docs/protocol.md §2; RFC 9112 §2.2: a bare CR is
     * invalid), not GET /echo with a header "Host: a".
     */
    @Test
    void aBareCrEndingTheRequestLineIs400() {
        CodecDriver d = new CodecDriver(new HttpCodec(LIMITS), 4096)
                .feed(req("GET /echo HTTP/1.1\rXHost: a\r\n\r\n"));
        assertEquals(List.of(), d.requests, "nothing decoded from a malformed request line");
        Response r = HttpResponses.single(d.takeOut());
        assertEquals(400, r.status());
    }

    /**
     * A bare LF (or NUL) inside a header field value makes the header malformed: 400 and close
     * (docs/protocol.md §2; RFC 9110 §5.5: a field value with CR, LF or NUL is invalid). An X-ACT value
     * holding one is never copied into the response, so {@code X-ACT: a\nInjected: 1} cannot put a line
     * "Injected: 1" into the response header section (response splitting).
     */
    @Test
    void aBareLfInAHeaderValueIs400AndIsNeverEchoed() {
        CodecDriver d = new CodecDriver(new HttpCodec(LIMITS), 4096, CodecDriver::answer)
                .feed(req("GET /echo HTTP/1.1\r\nX-ACT: a\nInjected: 1\r\n\r\n"));
        String out = new String(d.takeOut(), StandardCharsets.ISO_8859_1);
        assertFalse(out.contains("\nInjected"), "a request byte became a response header line: " + out);
        assertEquals(List.of(), d.requests, "nothing decoded from a malformed header");
        assertEquals(400, HttpResponses.single(out.getBytes(StandardCharsets.ISO_8859_1)).status());
    }

    @Test
    void aNulInAHeaderValueIs400() {
        CodecDriver d = new CodecDriver(new HttpCodec(LIMITS), 4096)
                .feed(req("GET /echo HTTP/1.1\r\nX-ACT: a\u0000b\r\n\r\n"));
        assertEquals(List.of(), d.requests, "nothing decoded from a malformed header");
        assertEquals(400, HttpResponses.single(d.takeOut()).status());
    }

    /** OutBuffer.putDecimal writes Long.MIN_VALUE, whose negation does not fit a long, like Long.toString. */
    @Test
    void putDecimalOfLongMinValue() {
        OutBuffer out = new OutBuffer(4);
        out.putDecimal(Long.MIN_VALUE);
        assertEquals(String.valueOf(Long.MIN_VALUE), new String(CodecDriver.drain(out), StandardCharsets.US_ASCII));
    }

    /**
     * An HTTP/1.0 SUBSCRIBE is answered without chunked coding (HTTP/1.0 has none) and without
     * Content-Length: {@code Connection: close} and a body that runs to the close (RFC 9112 §6.3 (8)). The
     * test's response parser reads such a body up to the end of the output.
     */
    @Test
    void http10StreamIsDelimitedByTheClose() {
        byte[] stream = req("GET /echo HTTP/1.1\r\n\r\nGET /subscribe?count=2&interval_us=0&event_bytes=3 HTTP/1.0\r\n\r\n");
        CodecDriver d = new CodecDriver(new HttpCodec(LIMITS), 4096, CodecDriver::answer).feed(stream);
        List<Response> responses = HttpResponses.parseAll(d.takeOut(), false);
        assertEquals(2, responses.size());
        Response streamed = responses.get(1);
        assertEquals(200, streamed.status());
        assertEquals(null, streamed.headers().get("content-length"), "no length: the close ends the body");
        assertEquals(null, streamed.headers().get("transfer-encoding"), "HTTP/1.0 has no chunked coding");
        assertArrayEquals(req("bbbccc"), streamed.body(), "both events, back to back, up to the close");
        assertEquals(true, d.codec.finished(), "the connection closes after the stream");
    }
}
