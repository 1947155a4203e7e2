package dev.harness.cli.compare;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.measure.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code harness compare} allows: a {@link Tolerance} per metric, the server that times and rates are
 * divided by within a run, and absolute goals ({@link Threshold}s). The defaults are the checked-in
 * {@code compare-tolerances.json} (each entry with the measurement that justifies it); a user's file in the
 * same form replaces the entries it names and adds its thresholds.
 *
 * @param referenceServer the server each other server's times and rates are divided by, run by run
 * @param byMetric        one tolerance for every metric
 * @param thresholds      the file's absolute goals
 */
public record Tolerances(String referenceServer, Map<Metric, Tolerance> byMetric, List<Threshold> thresholds) {

    /** The checked-in defaults: a resource at the root of the class path. */
    public static final String RESOURCE = "/compare-tolerances.json";

    public Tolerances {
        byMetric = Map.copyOf(byMetric);
        thresholds = List.copyOf(thresholds);
        for (Metric m : Metric.values()) {
            Tolerance t = byMetric.get(m);
            if (t == null) {
                throw new IllegalArgumentException("no tolerance for " + m.key());
            }
            if ((t.ratioFactor() == null) == (m.kind() == Metric.Kind.TIME)) {
                throw new IllegalArgumentException(m.key() + ": ratio_factor is for times and rates only, and each of"
                        + " them needs one");
            }
        }
    }

    public Tolerance of(Metric metric) {
        return byMetric.get(metric);
    }

    /** The checked-in defaults. */
    public static Tolerances defaults() {
        try (InputStream in = Tolerances.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The defaults with {@code file}'s entries over them.
     *
     * @throws IllegalArgumentException when the file is not in the form of the defaults, naming what is wrong
     */
    public static Tolerances defaultsAnd(Path file) throws IOException {
        String text = Files.readString(file);
        try {
            return parse(text, defaults());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** {@code text} in the form of compare-tolerances.json, over {@code base} (null: it must name everything). */
    static Tolerances parse(String text, Tolerances base) {
        JsonFields json = JsonFields.of(JsonReader.read(text));
        if (json == null) {
            throw new IllegalArgumentException("a tolerances file is a JSON object");
        }
        Map<Metric, Tolerance> byMetric = new EnumMap<>(Metric.class);
        List<Threshold> thresholds = new ArrayList<>();
        String reference = json.text("reference_server");
        if (base != null) {
            byMetric.putAll(base.byMetric());
            thresholds.addAll(base.thresholds());
            reference = reference == null ? base.referenceServer() : reference;
        }
        if (reference == null) {
            throw new IllegalArgumentException("reference_server is missing");
        }
        JsonFields metrics = json.object("metrics");
        if (metrics != null) {
            for (String key : metrics.map().keySet()) {
                byMetric.put(Metric.byKey(key), tolerance(key, metrics.object(key)));
            }
        }
        for (String threshold : json.texts("thresholds")) {
            thresholds.add(Threshold.parse(threshold));
        }
        return new Tolerances(reference, byMetric, thresholds);
    }

    private static Tolerance tolerance(String key, JsonFields entry) {
        if (entry == null || entry.number("factor") == null || entry.number("floor") == null) {
            throw new IllegalArgumentException(key + ": an entry is {\"factor\": F, \"floor\": A, \"ratio_factor\": R"
                    + " (times and rates only), \"reason\": \"...\", \"not_for\": {\"SCENARIO\": \"why\"} (optional)}");
        }
        try {
            Map<String, String> notFor = new TreeMap<>();
            JsonFields scenarios = entry.object("not_for");
            if (scenarios != null) {
                scenarios.map().forEach((scenario, why) -> notFor.put(scenario, String.valueOf(why)));
            }
            return new Tolerance(entry.number("factor"), entry.number("floor"), entry.number("ratio_factor"), entry.text("reason"),
                    notFor);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
