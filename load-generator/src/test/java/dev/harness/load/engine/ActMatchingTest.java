package dev.harness.load.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.conformance.ActFrames;
import dev.harness.load.LoadConfig;
import dev.harness.load.LoadResult;
import dev.harness.load.LoadRunner;
import dev.harness.load.ProgressListener;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Act matching against a scripted ACT server that reads requests in pairs and answers each pair in
 * reverse order (the second overtakes the first: one out-of-order completion per pair); before every
 * 3rd pair it sends a frame with an act that was never issued, and in every 5th pair the answer to the
 * first request has one payload byte too many. The counts must come out exactly.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ActMatchingTest {

    private static final int PAYLOAD = 8;

    @Test
    void unknownActsWrongSizesAndOutOfOrderAnswersAreCountedByKind() throws Exception {
        AtomicInteger pairs = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> serve(listener, pairs), "scripted-act-server");
            server.start();
            LoadConfig config = LoadConfig.builder(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()))
                    .connections(1).inflight(2).payloadBytes(PAYLOAD)
                    .duration(Duration.ofMillis(400)).timeout(Duration.ofSeconds(2)).build();
            LoadResult result = LoadRunner.run(config, ProgressListener.NONE);
            server.join(10_000);
            assertFalse(server.isAlive());

            LoopCounters c = result.counters();
            long wrongSize = c.errors[ErrorKind.WRONG_SIZE.ordinal()];
            long unknown = c.errors[ErrorKind.UNKNOWN_ACT.ordinal()];
            int answeredPairs = pairs.get();
            assertTrue(answeredPairs >= 15, "pairs answered: " + answeredPairs);
            assertEquals(answeredPairs, c.outOfOrder, "one overtaking answer per pair");
            assertEquals(2L * answeredPairs, c.completed + wrongSize);
            assertEquals(answeredPairs / 5, wrongSize);
            assertEquals(answeredPairs / 3, unknown);
            assertEquals(0, c.errors[ErrorKind.STALE_ACT.ordinal()]);
            assertEquals(c.sent, c.completed + wrongSize + c.unfinished + c.timeouts);
            assertEquals(c.completed, result.answeredLatency().getTotalCount(), "only correct answers are timed");
            assertEquals(c.sent - c.completed, result.censoredLatency().getTotalCount(), "a wrong answer is censored");
            assertEquals(c.sent, result.intendedLatency().getTotalCount(), "every measured request is in the latency");
        }
    }

    private static void serve(ServerSocket listener, AtomicInteger pairs) {
        try (Socket socket = listener.accept()) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int pair = 1; ; pair++) {
                long first = readRequest(in);
                long second = readRequest(in);
                if (pair % 3 == 0) {
                    out.write(frame(dev.harness.load.engine.PendingRequests.actOf(99, 1), PAYLOAD));
                }
                out.write(frame(second, PAYLOAD));
                out.write(frame(first, pair % 5 == 0 ? PAYLOAD + 1 : PAYLOAD));
                out.flush();
                pairs.incrementAndGet();
            }
        } catch (EOFException | java.net.SocketException e) {
            // the generator closed the connection: done
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long readRequest(InputStream in) throws IOException {
        return ActFrames.read(in).act();
    }

    private static byte[] frame(long act, int payload) {
        return ActFrames.frame(act, ActFrames.ECHO, new byte[payload]);
    }
}
