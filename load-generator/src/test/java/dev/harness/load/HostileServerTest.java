package dev.harness.load;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.load.HostileActServer.Answer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The generator as the target of a hostile server ({@link HostileActServer}): garbage, answers to acts never
 * sent, more answers than requests, a stall in the middle of a frame, resets. Whatever the server does, the
 * run returns (no exception escapes), stops within its time limit, counts what went wrong under its kind, and
 * writes both its files. Counts and a generous upper bound on the run's length only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HostileServerTest {

    private static final Duration DURATION = Duration.ofSeconds(1);
    private static final Duration TIME_LIMIT = Duration.ofSeconds(20);

    @TempDir
    Path out;

    @ParameterizedTest
    @EnumSource(Answer.class)
    void aHostileServersAnswersAreCountedByKindAndTheRunEndsWithItsFiles(Answer answer) throws Exception {
        try (HostileActServer server = new HostileActServer(answer)) {
            long start = System.nanoTime();
            LoadResult r = LoadRunner.run(LoadConfig.builder(server.address()).connections(4).inflight(4).threads(1)
                    .duration(DURATION).timeout(Duration.ofMillis(500)).timeLimit(TIME_LIMIT).build(),
                    ProgressListener.NONE);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            Map<?, ?> requests = (Map<?, ?>) r.summary().get("requests");
            System.out.println("HOSTILE-SERVER " + answer + " took_ms=" + tookMillis + " stop=" + r.stopReason()
                    + " errors_by_kind=" + requests.get("errors_by_kind") + " timeouts=" + requests.get("timeouts")
                    + " lost_by_kind=" + requests.get("lost_by_kind"));
            assertTrue(tookMillis < TIME_LIMIT.toMillis() + TimeUnit.SECONDS.toMillis(10),
                    "the run against a server that answers " + answer + " took " + tookMillis + " ms");
            assertTrue(count(requests, expectedKind(answer)) > 0, answer + " is counted as " + expectedKind(answer)
                    + ": " + requests);
            r.writeTo(out);
            assertTrue(Files.size(out.resolve("summary.json")) > 0 && Files.exists(out.resolve("histograms.hlog")),
                    "both files written");
        }
    }

    /** Where {@code answer} shows: an error kind of {@code errors_by_kind}, or {@code timeouts}. */
    private static String expectedKind(Answer answer) {
        return switch (answer) {
            case GARBAGE -> "protocol";
            case UNSENT_ACT -> "unknown_act";
            case TWICE -> "stale_act";
            case STALL_MID_FRAME -> "timeouts";
            case RESET -> "connection_closed";
        };
    }

    private static long count(Map<?, ?> requests, String kind) {
        Object value = kind.equals("timeouts") ? requests.get("timeouts") : ((Map<?, ?>) requests.get("errors_by_kind")).get(kind);
        return value == null ? 0 : ((Number) value).longValue();
    }
}
