package dev.harness.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames;
import dev.harness.protocol.HttpResponses.Response;
import dev.harness.service.Limits;
import dev.harness.service.Operation;
import dev.harness.service.Request;
import dev.harness.service.Status;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded property tests of both codecs: {@value #DEFAULT_CASES} cases per property in CI, each from a seed
 * drawn from a fixed {@link Random}, so a failing case is reproduced by its index. A failure message names
 * the seed. A longer run is one command (each property then runs 100,000 cases):
 *
 * <pre>{@code ./mvnw -o -pl service-api -am verify -Dtest=CodecPropertiesTest -Dsurefire.failIfNoSpecifiedTests=false -Dharness.fuzz.cases=100000}</pre>
 *
 * <p>After the class it prints one line per property with the inputs it ran and their bytes, e.g.
 * {@code FUZZ actCodecSurvivesGarbageAndMutations inputs=200 bytes=61234}, for the surefire report.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CodecPropertiesTest {

    static final int DEFAULT_CASES = 200;
    /** Cases per property: {@code -Dharness.fuzz.cases=N}, default {@value #DEFAULT_CASES}. */
    static final int CASES = Integer.getInteger("harness.fuzz.cases", DEFAULT_CASES);

    /** Inputs and bytes fed to the codecs, per property. */
    private static final Map<String, long[]> COUNTS = new ConcurrentSkipListMap<>();

    private static void count(String property, int bytes) {
        long[] c = COUNTS.computeIfAbsent(property, k -> new long[2]);
        synchronized (c) {
            c[0]++;
            c[1] += bytes;
        }
    }

    @AfterAll
    static void printCounts() {
        COUNTS.forEach((property, c) -> System.out.println("FUZZ " + property + " inputs=" + c[0] + " bytes=" + c[1]
                + " cases_per_property=" + CASES));
    }

    /** Small limits, so that random input reaches them. */
    static final Limits SMALL = Limits.defaults().withMaxPayloadBytes(512).withMaxHeaderBytes(512).withMaxBodyBytes(1024);

    static Stream<Arguments> seeds() {
        Random master = new Random(0x5EED_2026L);
        return IntStream.range(0, CASES).mapToObj(i -> Arguments.of(i, master.nextLong()));
    }

    /** Answers every request at once with an empty payload (a stream: one LAST), so output stays small. */
    static void answerEmpty(CodecDriver d, Request r) {
        d.codec.reply(r, r.operation() instanceof Operation.Subscribe ? Status.LAST : Status.OK, ByteBuffer.allocate(0), d.out);
    }

    // ---- valid streams split anywhere decode like unsplit -----------------------------------------

    @ParameterizedTest(name = "case {0} seed {1}")
    @MethodSource("seeds")
    void actStreamsSplitAnywhereDecodeLikeUnsplit(int index, long seed) {
        Random rnd = new Random(seed);
        List<Request> expected = new ArrayList<>();
        byte[] stream = RandomStreams.act(rnd, expected, Limits.defaults().maxPayloadBytes());
        count("actStreamsSplitAnywhereDecodeLikeUnsplit", stream.length);
        CodecDriver whole = new CodecDriver(new ActCodec(Limits.defaults()), 8192, CodecDriver::answer).feed(stream);
        assertEquals(expected, whole.requests, "seed " + seed);
        byte[] expectedOut = whole.takeOut();
        assertTrue(ActFrames.parse(expectedOut).stream().noneMatch(f -> f.status() == 2), "no ERROR for a valid stream");

        int[] cuts = RandomStreams.cuts(rnd, stream.length);
        int capacity = 1 + rnd.nextInt(64);
        CodecDriver split = new CodecDriver(new ActCodec(Limits.defaults()), capacity, CodecDriver::answer)
                .feedSplit(stream, cuts);
        assertEquals(expected, split.requests, "seed " + seed + " cuts " + Arrays.toString(cuts));
        assertArrayEquals(expectedOut, split.takeOut(), "seed " + seed);
        assertEquals(0, split.in.position(), "every byte consumed");
        assertFalse(split.stopped);
    }

    @ParameterizedTest(name = "case {0} seed {1}")
    @MethodSource("seeds")
    void httpStreamsWithoutBodiesSplitAnywhereDecodeLikeUnsplit(int index, long seed) {
        Random rnd = new Random(seed);
        List<Operation> expected = new ArrayList<>();
        byte[] stream = RandomStreams.http(rnd, expected, false);
        count("httpStreamsWithoutBodiesSplitAnywhereDecodeLikeUnsplit", stream.length);
        CodecDriver whole = new CodecDriver(new HttpCodec(Limits.defaults()), 8192, CodecDriver::answer).feed(stream);
        assertEquals(expected, whole.requests.stream().map(Request::operation).toList(), "seed " + seed);
        byte[] expectedOut = whole.takeOut();

        int[] cuts = RandomStreams.cuts(rnd, stream.length);
        int capacity = 1 + rnd.nextInt(64);
        CodecDriver split = new CodecDriver(new HttpCodec(Limits.defaults()), capacity, CodecDriver::answer)
                .feedSplit(stream, cuts);
        assertEquals(expected, split.requests.stream().map(Request::operation).toList(),
                "seed " + seed + " cuts " + Arrays.toString(cuts));
        assertArrayEquals(expectedOut, split.takeOut(), "seed " + seed);
        assertEquals(0, split.in.position());
        assertFalse(split.stopped);
        for (Response r : HttpResponses.parseAll(expectedOut, true)) {
            assertTrue(r.status() == 200 || r.status() == 404, "status " + r.status());
        }
    }

    // ---- ACT frames: encode as a client would, decode, answer, parse the answer back ---------------

    @ParameterizedTest(name = "case {0} seed {1}")
    @MethodSource("seeds")
    void actRequestsAndAnswersRoundTrip(int index, long seed) {
        Random rnd = new Random(seed);
        List<Request> expected = new ArrayList<>();
        byte[] stream = RandomStreams.act(rnd, expected, Limits.defaults().maxPayloadBytes());
        count("actRequestsAndAnswersRoundTrip", stream.length);
        List<byte[]> answerPayloads = new ArrayList<>();
        List<Status> answerStatuses = new ArrayList<>();
        CodecDriver d = new CodecDriver(new ActCodec(Limits.defaults()), 1 + rnd.nextInt(64), (driver, r) -> {
            int kind = rnd.nextInt(4);
            if (kind == 3) {
                String message = "failed " + rnd.nextInt() + " \u00e9\u4e2d";
                driver.codec.fail(r, dev.harness.service.ErrorCode.values()[rnd.nextInt(dev.harness.service.ErrorCode.values().length)],
                        message, driver.out);
                answerStatuses.add(Status.ERROR);
                answerPayloads.add(message.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else {
                Status status = kind == 0 ? Status.LAST : Status.OK;
                byte[] payload = RandomStreams.randomBytes(rnd, rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(2_000));
                int offset = rnd.nextInt(8);
                ByteBuffer view = ByteBuffer.allocate(offset + payload.length + 8).position(offset).put(payload)
                        .flip().position(offset);
                driver.codec.reply(r, status, view, driver.out);
                assertEquals(offset, view.position(), "reply leaves the caller's buffer unchanged");
                answerStatuses.add(status);
                answerPayloads.add(payload);
            }
        }).feedSplit(stream, RandomStreams.cuts(rnd, stream.length));
        assertEquals(expected, d.requests, "seed " + seed);
        List<ActFrames.Frame> answers = ActFrames.parse(d.takeOut());
        assertEquals(expected.size(), answers.size(), "one answer frame per request, seed " + seed);
        for (int i = 0; i < answers.size(); i++) {
            ActFrames.Frame f = answers.get(i);
            Request r = expected.get(i);
            assertEquals(r.act(), f.act(), "act, seed " + seed);
            assertEquals(r.operation().code(), (byte) f.op(), "op, seed " + seed);
            assertEquals(answerStatuses.get(i).code(), (byte) f.status(), "status, seed " + seed);
            assertEquals(0, f.reserved());
            assertEquals(12 + answerPayloads.get(i).length, f.length(), "length, seed " + seed);
            assertArrayEquals(answerPayloads.get(i), f.payload(), "payload, seed " + seed);
        }
    }

    // ---- garbage and mutations never throw and stay bounded ---------------------------------------

    private static byte[] hostileAct(Random rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> {
                byte[] b = RandomStreams.randomBytes(rnd, rnd.nextInt(600));
                if (b.length > 0 && rnd.nextBoolean()) {
                    b[0] = 0;
                }
                yield b;
            }
            case 1 -> RandomStreams.mutate(rnd, RandomStreams.act(rnd, new ArrayList<>(), SMALL.maxPayloadBytes()));
            default -> {
                // small lengths and op/status/reserved bytes near the valid ones
                byte[] b = new byte[rnd.nextInt(200)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(256) : rnd.nextInt(20));
                }
                yield b;
            }
        };
    }

    private static byte[] hostileHttp(Random rnd) {
        return switch (rnd.nextInt(3)) {
            case 0 -> RandomStreams.randomBytes(rnd, rnd.nextInt(600));
            case 1 -> RandomStreams.mutate(rnd, RandomStreams.http(rnd, new ArrayList<>(), true));
            default -> {
                // HTTP-ish alphabet: letters, digits, separators, CR, LF
                String alphabet = "GETPOSTHEAD /echowrksubcrlay?&=:0123456789-HTTP/1.\r\n\r\n ";
                byte[] b = new byte[rnd.nextInt(600)];
                for (int i = 0; i < b.length; i++) {
                    b[i] = (byte) alphabet.charAt(rnd.nextInt(alphabet.length()));
                }
                yield b;
            }
        };
    }

    /** Feeds {@code input} in random pieces; decode never throws and never asks for more than the limits. */
    private static CodecDriver feedHostile(WireCodec codec, byte[] input, Random rnd, int maxNeed) {
        CodecDriver d = new CodecDriver(codec, 1 + rnd.nextInt(64), CodecPropertiesTest::answerEmpty);
        int[] cuts = RandomStreams.cuts(rnd, input.length);
        d.feedSplit(input, cuts);
        for (int need : d.needs) {
            assertTrue(need == WireCodec.STOP_READING || (need > 0 && need <= maxNeed),
                    "need " + need + " over the bound " + maxNeed);
        }
        assertFalse(d.paused, "answered at once, so never paused");
        assertTrue(d.in.capacity() <= Math.max(64, maxNeed), "input buffer grew to " + d.in.capacity());
        return d;
    }

    @ParameterizedTest(name = "case {0} seed {1}")
    @MethodSource("seeds")
    void actCodecSurvivesGarbageAndMutations(int index, long seed) {
        Random rnd = new Random(seed);
        byte[] input = hostileAct(rnd);
        count("actCodecSurvivesGarbageAndMutations", input.length);
        CodecDriver d = feedHostile(new ActCodec(SMALL), input, rnd, ActCodec.HEADER_BYTES + SMALL.maxPayloadBytes());
        byte[] out = d.takeOut();
        assertTrue(out.length <= 16 * input.length + 1024, "output " + out.length + " for input " + input.length);
        List<ActFrames.Frame> frames = ActFrames.parse(out);
        long answers = frames.stream().filter(f -> f.status() != 2).count();
        assertEquals(d.requests.size(), answers, "one answer per decoded request, the rest ERROR frames");
        int errorsWithActZero = 0;
        for (ActFrames.Frame f : frames) {
            assertEquals(0, f.reserved());
            if (f.status() == 2) {
                f.text();
                assertTrue(f.payload().length > 0);
                if (f.act() == 0 && f.op() == 0) {
                    errorsWithActZero++;
                }
            }
        }
        if (d.stopped) {
            assertTrue(d.codec.finished());
            assertTrue(errorsWithActZero >= 1, "a stop is announced by an ERROR frame with act 0");
        }
    }

    @ParameterizedTest(name = "case {0} seed {1}")
    @MethodSource("seeds")
    void httpCodecSurvivesGarbageAndMutations(int index, long seed) {
        Random rnd = new Random(seed);
        byte[] input = hostileHttp(rnd);
        count("httpCodecSurvivesGarbageAndMutations", input.length);
        CodecDriver d = feedHostile(new HttpCodec(SMALL), input, rnd, SMALL.maxHeaderBytes() + SMALL.maxBodyBytes());
        byte[] out = d.takeOut();
        assertTrue(out.length <= 16 * input.length + 1024, "output " + out.length + " for input " + input.length);
        List<Response> responses = HttpResponses.parseAll(out, true);
        long ok = responses.stream().filter(r -> r.status() == 200).count();
        assertEquals(d.requests.size(), ok, "one 200 per decoded request");
        for (Response r : responses) {
            assertTrue(r.status() == 200 || (r.status() >= 400 && r.status() <= 499), "status " + r.status());
        }
        if (d.stopped) {
            assertTrue(d.codec.finished(), "everything answered, so a stop finishes the connection");
            assertTrue(responses.get(responses.size() - 1).closes(), "the last response says Connection: close");
        }
        assertEquals(d.codec.finished(), d.stopped);
    }
}
