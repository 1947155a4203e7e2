package dev.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.load.engine.LoopCounters;
import dev.harness.load.record.ClockOffset;
import dev.harness.load.record.MeasureWindow;
import dev.harness.load.record.StartClock;
import dev.harness.load.record.ThreadCost;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@link LoadResult} writes its files: summary.json and histograms.hlog as a pair (summary.json last, so a
 * reader that sees it sees the log of the same write), with temporary names no two writers share, and nothing
 * temporary left behind.
 */
@Timeout(60)
class LoadResultFilesTest {

    private static final Pattern WRITE = Pattern.compile("\"write\": (\\d+)");

    /** A result whose histogram log is {@code log}, stopped early for {@code stopReason} (or not, when null). */
    private static LoadResult result(String log, String stopReason) {
        LoadConfig config = LoadConfig.builder(new InetSocketAddress("127.0.0.1", 9)).build();
        return new LoadResult(config, new LoopCounters(), new Histogram(3), new Histogram(3), new Histogram(3), new Histogram(3),
                new Histogram(3), new Histogram(3), 1, 0, 0, 0, MeasureWindow.of(0, 1_000_000_000L), null, ThreadCost.ZERO, 1,
                stopReason, new StartClock(null, 0, ClockOffset.unknown("no --clock-server given")),
                log.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes write number {@code k}: its number in both the summary and the log. */
    private static void write(Path dir, int k) throws IOException {
        LoadResult r = result("log of write " + k + "\n", null);
        Map<String, Object> summary = r.summary();
        summary.put("write", k);
        r.writeTo(dir, summary);
    }

    private static Set<String> entries(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    /** The write number in {@code dir}'s summary.json, or -1 when there is none. */
    private static int summaryWrite(Path dir) throws IOException {
        try {
            Matcher m = WRITE.matcher(Files.readString(dir.resolve(LoadResult.SUMMARY_FILE)));
            assertTrue(m.find(), "summary.json is complete");
            return Integer.parseInt(m.group(1));
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    @Test
    void writesThePairAndNothingElse(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("a/b");
        write(out, 7);
        assertEquals(Set.of(LoadResult.SUMMARY_FILE, LoadResult.LOG_FILE), entries(out));
        assertEquals(7, summaryWrite(out));
        assertEquals("log of write 7\n", Files.readString(out.resolve(LoadResult.LOG_FILE)));
    }

    @Test
    void aPartialResultWritesBothFiles(@TempDir Path dir) throws IOException {
        result("partial log\n", "interrupted").writeTo(dir);
        assertTrue(Files.readString(dir.resolve(LoadResult.SUMMARY_FILE)).contains("\"partial\": true"));
        assertEquals("partial log\n", Files.readString(dir.resolve(LoadResult.LOG_FILE)));
    }

    @Test
    void aWriteOverAnEarlierPairReplacesBoth(@TempDir Path dir) throws IOException {
        write(dir, 1);
        write(dir, 2);
        assertEquals(Set.of(LoadResult.SUMMARY_FILE, LoadResult.LOG_FILE), entries(dir));
        assertEquals(2, summaryWrite(dir));
        assertEquals("log of write 2\n", Files.readString(dir.resolve(LoadResult.LOG_FILE)));
    }

    @Test
    void twoWritersIntoOneFolderShareNoTemporaryName(@TempDir Path dir) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int first = w * 1000;
                writers.add(pool.submit(() -> {
                    for (int k = first; k < first + 100; k++) {
                        write(dir, k);
                        LoadResult.writeAtomically(dir.resolve("meta.json"), ("{\"write\": " + k + "}").getBytes(StandardCharsets.UTF_8));
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get();       // an IOException here: the writers collided on a temporary file
            }
        } finally {
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        }
        assertEquals(Set.of(LoadResult.SUMMARY_FILE, LoadResult.LOG_FILE, "meta.json"), entries(dir),
                "nothing temporary left behind");
    }

    @Test
    void aReaderThatSeesSummaryJsonSeesTheLogOfTheSameWrite(@TempDir Path dir) throws Exception {
        write(dir, 0);
        AtomicBoolean done = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            try {
                for (int k = 1; k <= 300 && !stop.get(); k++) {
                    write(dir, k);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            } finally {
                done.set(true);
            }
        }, "pair-writer");
        writer.start();
        int consistentReads = 0;
        try {
            while (!done.get()) {
                // summary.json read before and after the log, unchanged: the log was read while that pair stood
                int before = summaryWrite(dir);
                String log;
                try {
                    log = Files.readString(dir.resolve(LoadResult.LOG_FILE));
                } catch (NoSuchFileException e) {
                    continue;
                }
                int after = summaryWrite(dir);
                if (before >= 0 && before == after) {
                    assertEquals("log of write " + before + "\n", log,
                            "histograms.hlog beside summary.json of write " + before);
                    consistentReads++;
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertTrue(consistentReads > 0, "the reader saw some pair");
        assertEquals(300, summaryWrite(dir));
    }

    @Test
    void aFailedWriteLeavesNoSummaryAndNothingTemporary(@TempDir Path dir) throws IOException {
        write(dir, 1);
        Files.delete(dir.resolve(LoadResult.LOG_FILE));
        Files.createDirectories(dir.resolve(LoadResult.LOG_FILE).resolve("in-the-way"));   // the log cannot be moved in
        assertThrows(IOException.class, () -> write(dir, 2));
        assertEquals(Set.of(LoadResult.LOG_FILE), entries(dir), "no summary.json without its log, no temporary");
        assertFalse(Files.exists(dir.resolve(LoadResult.SUMMARY_FILE)));
    }
}
