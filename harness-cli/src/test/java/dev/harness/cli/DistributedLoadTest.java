package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.measure.JsonReader;
import dev.harness.load.record.IntervalLog;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distributed load without a cluster: {@value #GENERATORS} {@code harness load} processes, given indices 0..N-1
 * and one {@code --start-at}, drive one server; {@code harness merge} makes their results one. The merged p99 is
 * the p99 of their histograms added here independently (read from each part's histograms.hlog), the counts add
 * up, and the merged throughput is within a few percent of one generator's at the full rate (open loop: the
 * throughput is the rate the server keeps up with, so this checks that the shares add up to the whole load).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DistributedLoadTest {

    private static final int GENERATORS = 3;
    private static final int RATE = 600;
    private static final int CONNECTIONS = 12;
    /** Time for the generators' JVMs to start and connect before the common instant, on a busy 2-core machine. */
    private static final long LEAD_MILLIS = 8_000;
    /** How far the merged throughput may lie from one generator's at the full rate. */
    private static final double THROUGHPUT_TOLERANCE = 0.05;

    @Test
    void generatorsStartedTogetherMergeIntoOneLoad(@TempDir Path dir) throws Exception {
        try (Server server = ServerFactories.byName("proactor-act").start(ServerConfig.loopback())) {
            String target = "127.0.0.1:" + server.address().getPort();
            String startAt = Instant.now().plusMillis(LEAD_MILLIS).toString();
            List<Process> generators = new ArrayList<>();
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < GENERATORS; i++) {
                Path out = dir.resolve("gen-" + i);
                parts.add(out.toString());
                generators.add(SignalsTest.harnessProcess(dir.resolve("err-" + i + ".txt"), load(target, out,
                        "--index", String.valueOf(i), "--of", String.valueOf(GENERATORS), "--start-at", startAt)));
            }
            for (int i = 0; i < GENERATORS; i++) {
                Process p = generators.get(i);
                p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                assertEquals(0, p.waitFor(), "generator " + i + ": " + Files.readString(dir.resolve("err-" + i + ".txt")));
            }
            List<String> merge = new ArrayList<>(List.of("merge", "--out", dir.resolve("merged").toString()));
            merge.addAll(parts);
            MisuseTest.Outcome merged = MisuseTest.harness(merge.toArray(String[]::new));
            assertEquals(0, merged.code(), merged.err());

            Process single = SignalsTest.harnessProcess(dir.resolve("err-single.txt"),
                    load(target, dir.resolve("single")));
            single.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            assertEquals(0, single.waitFor(), Files.readString(dir.resolve("err-single.txt")));

            JsonFields summary = summary(dir.resolve("merged"));
            Histogram added = new Histogram(3);
            long completed = 0;
            for (String part : parts) {
                added.add(total(Path.of(part).resolve("histograms.hlog")));
                completed += summary(Path.of(part)).object("requests").whole("completed");
            }
            assertEquals(added.getValueAtPercentile(99) / 1000.0, summary.number("latency_us", "p99"),
                    "the merged p99 is that of the added histograms");
            assertEquals(added.getTotalCount(), summary.object("latency_us").whole("count"));
            assertEquals(completed, summary.object("requests").whole("completed"), "counts add");
            assertEquals(CONNECTIONS, summary.object("connections").whole("opened"), "the shares add up to every connection");
            assertEquals(GENERATORS, summary.object("merge").integer("generators"));
            assertEquals(startAt, summary.object("clock").text("start_at"));
            assertEquals(false, summary.flag("partial"), summary.text("stop_reason"));
            double whole = summary(dir.resolve("single")).number("throughput_rps");
            double together = summary.number("throughput_rps");
            assertTrue(Math.abs(together - whole) <= THROUGHPUT_TOLERANCE * whole,
                    "merged throughput " + together + " req/s against one generator's " + whole + " at the full rate");
            assertTrue(Files.size(dir.resolve("merged").resolve("histograms.hlog")) > 0);
            assertEquals(added.getTotalCount(), total(dir.resolve("merged").resolve("histograms.hlog")).getTotalCount(),
                    "the merged log holds every value of the parts' logs");
        }
    }

    private static String[] load(String target, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("load", "--target", target, "--rate", String.valueOf(RATE),
                "--connections", String.valueOf(CONNECTIONS), "--warmup", "1s", "--duration", "3s", "--quiet",
                "--saturation-lag", "1s", "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static JsonFields summary(Path dir) throws IOException {
        return JsonFields.of(JsonReader.read(Files.readString(dir.resolve("summary.json"))));
    }

    /** Every latency interval of one log, added. */
    private static Histogram total(Path hlog) throws IOException {
        Histogram total = new Histogram(3);
        try (HistogramLogReader reader = new HistogramLogReader(hlog.toFile())) {
            EncodableHistogram next;
            while ((next = reader.nextIntervalHistogram()) != null) {
                if (IntervalLog.LATENCY.equals(next.getTag())) {
                    total.add((Histogram) next);
                }
            }
        }
        return total;
    }
}
