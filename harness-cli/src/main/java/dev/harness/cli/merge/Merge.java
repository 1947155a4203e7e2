package dev.harness.cli.merge;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.options.UsageException;
import dev.harness.load.LoadResult;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.HdrHistogram.Histogram;

/**
 * The results of N generators that ran one load together, checked to be parts of one load and merged: the
 * interval histograms added ({@link IntervalSum}) and the summary made from them ({@link MergedSummary}).
 * Parts of one load agree on every parameter of the load but the generator's index, and name one
 * {@code --start-at} instant; results that do not are refused, since adding them would describe no load.
 */
public final class Merge {

    /** The configuration every part must share: the load's parameters, its start and its division. */
    private static final List<String> SHARED = List.of("target", "transport", "protocol", "workload", "mode",
            "connections", "inflight", "threads", "rate", "arrival", "warmup_ms", "duration_ms", "payload_bytes",
            "cpu_us", "wait_us", "reply_bytes", "of", "start_at");
    /** The interval of harness load's log. */
    private static final long INTERVAL_MILLIS = 1000;

    private final List<GeneratorPart> parts;
    private final IntervalSum sum;
    private final Map<String, Object> summary;

    private Merge(List<GeneratorPart> parts, IntervalSum sum, Map<String, Object> summary) {
        this.parts = parts;
        this.sum = sum;
        this.summary = summary;
    }

    /** Reads, checks and merges the results in {@code dirs}. */
    public static Merge read(List<Path> dirs) throws UsageException, IOException {
        List<GeneratorPart> parts = new ArrayList<>();
        for (Path dir : dirs) {
            parts.add(GeneratorPart.read(dir));
        }
        GeneratorPart first = parts.getFirst();
        for (GeneratorPart part : parts.subList(1, parts.size())) {
            for (String key : SHARED) {
                Object a = first.config().map().get(key);
                Object b = part.config().map().get(key);
                if (!Objects.equals(a, b)) {
                    throw new UsageException("the results are not parts of one load: config." + key + " is " + a + " in "
                            + first.dir() + " but " + b + " in " + part.dir());
                }
            }
        }
        String startAt = first.config().text("start_at");
        if (startAt == null) {
            throw new UsageException(first.dir() + " was not started with --start-at: generators merge only when they"
                    + " started together, at one instant, so that their windows and intervals line up");
        }
        TreeSet<Integer> indices = new TreeSet<>();
        for (GeneratorPart part : parts) {
            if (!indices.add(part.index())) {
                throw new UsageException("two results of generator " + part.index() + " (--index): each part once");
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < first.of(); i++) {
            if (!indices.contains(i)) {
                missing.add(i);
            }
        }
        IntervalSum sum = new IntervalSum(Instant.parse(startAt).toEpochMilli(), INTERVAL_MILLIS);
        for (GeneratorPart part : parts) {
            for (Histogram interval : part.intervals()) {
                sum.add(interval);
            }
        }
        List<GeneratorPart> ordered = parts.stream().sorted((a, b) -> Integer.compare(a.index(), b.index())).toList();
        return new Merge(ordered, sum, MergedSummary.of(ordered, sum, missing));
    }

    /** The merged summary.json. */
    public Map<String, Object> summary() {
        return summary;
    }

    /** Writes summary.json and histograms.hlog into {@code dir}, as one generator does. */
    public void writeTo(Path dir) throws IOException {
        List<String> names = parts.stream().map(p -> p.dir().toString()).toList();
        LoadResult.writePair(dir, sum.log("harness merge of " + parts.size() + " generators: " + String.join(" ", names)),
                summary);
    }

    /** A few lines for stdout. */
    public String humanSummary() {
        JsonFields s = JsonFields.of(summary);
        JsonFields merge = s.object("merge");
        JsonFields clock = s.object("clock");
        return String.format("merged %d of %d generators (%d intervals), started at %s, window starts within %.1f ms%n"
                        + "  throughput %,.0f req/s over the common %.3f s window; intended %d, completed %d, errors %d%n"
                        + "  latency us   p50 %,.0f  p99 %,.0f  p99.9 %,.0f  max %,.0f  (from the added histograms)%n"
                        + "  largest clock offset %s%n",
                merge.integer("generators"), merge.integer("of"), merge.integer("intervals"), clock.text("start_at"),
                merge.number("window_start_spread_ms"), s.number("throughput_rps"), s.number("measured_s"),
                s.object("requests").whole("intended"), s.object("requests").whole("completed"),
                s.object("requests").whole("errors"), s.number("latency_us", "p50"), s.number("latency_us", "p99"),
                s.number("latency_us", "p999"), s.number("latency_us", "max"),
                clock.number("offset_ms") == null ? "unknown (" + clock.text("offset_source") + ")"
                        : String.format("%.3f ms (%s)", clock.number("offset_ms"), clock.text("offset_source")))
                + (Boolean.TRUE.equals(s.flag("partial")) ? "  PARTIAL: " + s.text("stop_reason") + "\n" : "");
    }
}
