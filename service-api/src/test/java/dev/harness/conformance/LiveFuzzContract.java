package dev.harness.conformance;

import static dev.harness.conformance.ActFrames.ECHO;
import static dev.harness.conformance.ActFrames.concat;
import static dev.harness.conformance.ActFrames.echo;
import static dev.harness.conformance.ActFrames.relay;
import static dev.harness.conformance.ActFrames.subscribe;
import static dev.harness.conformance.ActFrames.work;
import static dev.harness.conformance.Wire.IO;
import static dev.harness.conformance.Wire.ascii;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.server.Server;
import dev.harness.service.Limits;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live server fuzzed: seeded random inputs — valid ACT frames and HTTP requests, pipelined, then mutated
 * (bytes flipped, cut, repeated, inserted) — each sent on a connection of its own in pieces split at random
 * points, which then either half-closes (the server must answer what it took, or its protocol's error, and
 * close within {@link Wire#IO}) or resets. Properties: the server never stops answering the well-behaved
 * client beside it ({@link HostileRun}), every half-closed connection is closed by the server, and at the end
 * no connection is left and threads and descriptors are back at their baseline.
 *
 * <p>The server runs with small service limits, so that whatever a mutation makes of a WORK or a SUBSCRIBE
 * ends within milliseconds. The seed is printed on the {@code HOSTILE live-fuzz} line: 1 unless
 * {@code -Dharness.livefuzz.seed=S} replays another or {@code -Dharness.livefuzz.seed=random} draws one (the
 * nightly mode); {@code -Dharness.livefuzz.cases=N} runs longer (default {@value #DEFAULT_CASES} per server
 * and transport, a few seconds):
 * <pre>{@code
 * ./mvnw -o verify -pl impl-proactor-act -am -Dtest='*#liveServerSurvivesMutatedInput' \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dharness.livefuzz.cases=20000 -Dharness.livefuzz.seed=random
 * }</pre>
 */
abstract class LiveFuzzContract extends ContractTopic {

    static final int DEFAULT_CASES = 1_000;
    private static final int CASES = Integer.getInteger("harness.livefuzz.cases", DEFAULT_CASES);
    /** A fixed seed unless told otherwise, so that CI replays the same inputs; {@code random} draws one. */
    private static final long SEED = seed(System.getProperty("harness.livefuzz.seed", "1"));
    /** Service limits under which any request, however mutated, ends within milliseconds. */
    private static final Limits SMALL = new Limits(64 * 1024, 8 * 1024, 64 * 1024, 1_000, 1_000, 4_096,
            8, 1_000, 1_024, 4 * Limits.MIB);

    LiveFuzzContract(ServerContractTest kit) {
        super(kit);
    }

    @Test
    @Timeout(value = 300, unit = SECONDS)
    void liveServerSurvivesMutatedInput() throws Exception {
        Random rnd = new Random(SEED);
        int halfClosed = 0;
        try (Server s = start(config().withLimits(SMALL));
             HostileRun run = new HostileRun("live-fuzz", factory.name(), transport, s)) {
            for (int i = 0; i < CASES; i++) {
                byte[] input = mutate(rnd, rnd.nextBoolean() ? actPipeline(rnd) : httpPipeline(rnd));
                boolean halfClose = rnd.nextBoolean();
                try (RawConnection c = raw(s)) {
                    try {
                        sendSplit(c, rnd, input);
                        if (halfClose) {
                            c.shutdownOutput();
                        }
                    } catch (IOException closedByServer) {
                        // it answered what it could (an unknown protocol, a protocol error) and closed first
                    }
                    if (!halfClose) {
                        c.reset();
                        continue;
                    }
                    try {
                        c.readUntilClosed(IO);
                        halfClosed++;
                    } catch (AssertionError | IOException e) {
                        throw new AssertionError("case " + i + " of -Dharness.livefuzz.seed=" + SEED + ": a half-closed"
                                + " connection was not closed by the server: " + e.getMessage() + "; input "
                                + Arrays.toString(input), e);
                    }
                }
            }
            int open = OwnProcessProbe.awaitAtMost(s::openConnections, 1, IO);
            assertTrue(open <= 1, open + " connections left open after " + CASES + " fuzz cases of seed " + SEED);
            run.note("seed", SEED).note("cases", CASES).note("half_closed", halfClosed);
            run.finish();
        }
    }

    private static long seed(String text) {
        return text.equals("random") ? System.nanoTime() : Long.parseLong(text);
    }

    private static byte[] actPipeline(Random rnd) {
        byte[][] frames = new byte[1 + rnd.nextInt(4)][];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = switch (rnd.nextInt(4)) {
                case 0 -> echo(rnd.nextLong(), bytes(rnd, rnd.nextInt(64)));
                case 1 -> work(rnd.nextLong(), rnd.nextInt(2_000), rnd.nextInt(2_000), rnd.nextInt(5_000));
                case 2 -> subscribe(rnd.nextLong(), 1 + rnd.nextInt(10), rnd.nextInt(2_000), rnd.nextInt(2_000));
                default -> relay(rnd.nextLong(), ECHO, bytes(rnd, rnd.nextInt(32)));
            };
        }
        return concat(frames);
    }

    private static byte[] httpPipeline(Random rnd) {
        String[] requests = {
            "GET /echo HTTP/1.1\r\nHost: h\r\n\r\n",
            "POST /echo HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello",
            "GET /work?cpu_us=100&wait_us=200&reply_bytes=300 HTTP/1.1\r\nX-ACT: 7\r\n\r\n",
            "GET /subscribe?count=3&interval_us=100&event_bytes=10 HTTP/1.1\r\n\r\n",
            "GET /relay/echo HTTP/1.1\r\nConnection: keep-alive\r\n\r\n",
            "HEAD /echo HTTP/1.0\r\n\r\n",
        };
        StringBuilder pipeline = new StringBuilder();
        for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
            pipeline.append(requests[rnd.nextInt(requests.length)]);
        }
        return ascii(pipeline.toString());
    }

    /** Up to three mutations: a byte flipped, the input cut short, a run repeated, random bytes inserted. */
    private static byte[] mutate(Random rnd, byte[] input) {
        byte[] out = input;
        for (int m = rnd.nextInt(4); m > 0 && out.length > 0; m--) {
            int at = rnd.nextInt(out.length);
            out = switch (rnd.nextInt(4)) {
                case 0 -> {
                    byte[] flipped = out.clone();
                    flipped[at] ^= (byte) (1 << rnd.nextInt(8));
                    yield flipped;
                }
                case 1 -> Arrays.copyOf(out, at);
                case 2 -> concat(Arrays.copyOf(out, at), Arrays.copyOfRange(out, at / 2, out.length));
                default -> concat(Arrays.copyOf(out, at), bytes(rnd, 1 + rnd.nextInt(16)),
                        Arrays.copyOfRange(out, at, out.length));
            };
        }
        return out;
    }

    /** Writes {@code input} in up to four pieces cut at random points. */
    private static void sendSplit(RawConnection c, Random rnd, byte[] input) throws IOException {
        int from = 0;
        for (int pieces = 1 + rnd.nextInt(4); pieces > 1 && from < input.length; pieces--) {
            int to = from + 1 + rnd.nextInt(input.length - from);
            c.write(Arrays.copyOfRange(input, from, to), IO);
            from = to;
        }
        if (from < input.length) {
            c.write(Arrays.copyOfRange(input, from, input.length), IO);
        }
    }

    private static byte[] bytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }
}
