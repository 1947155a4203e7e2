package dev.harness.cli.merge;

import dev.harness.cli.measure.JsonFields;
import dev.harness.load.record.HistogramFigures;
import dev.harness.load.record.IntervalLog;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary.json of generators merged: the shape of one generator's, each figure made from the parts as the
 * one big generator would have made it. Latency, service time, lag and connect time come from the added
 * histograms ({@link IntervalSum}), never from the parts' percentiles; counts add, and errors and lost
 * requests add by kind; throughput adds (each part's answers over its window, and the windows are one up to
 * the start spread); the window is the parts' common one. What one number cannot say of N machines (the
 * machine's CPU, the server object of a mem run) is left out here and kept per part in {@code merge.parts},
 * beside the largest clock offset and the spread of the window starts.
 */
final class MergedSummary {

    private MergedSummary() {
    }

    static Map<String, Object> of(List<GeneratorPart> parts, IntervalSum sum, List<Integer> missing) {
        JsonFields first = parts.getFirst().summary();
        Map<String, Object> s = new LinkedHashMap<>();
        List<String> statusReasons = prefixed(parts, "status_reasons");
        if (!missing.isEmpty()) {
            statusReasons.add("generators missing from the merge: " + missing);
        }
        boolean overloaded = parts.stream().anyMatch(p -> "overloaded".equals(p.summary().text("status")));
        s.put("status", overloaded ? "overloaded" : "ok");
        s.put("status_reasons", statusReasons);
        s.put("mode", first.text("mode"));
        s.put("latency_from", first.text("latency_from"));
        s.put("throughput_rps", HistogramFigures.round(total(parts, "throughput_rps")));
        Window window = Window.common(parts);
        s.put("measured_s", HistogramFigures.round(window.seconds()));
        s.put("window", window.toJson());
        s.put("clock", clock(parts));
        s.put("machine", null);
        HistogramFigures.putLatencies(s, sum.total(IntervalLog.LATENCY), sum.total(IntervalLog.CENSORED),
                sum.total(IntervalLog.SERVICE), sum.total(IntervalLog.LAG), sum.total(IntervalLog.OWN_LAG));
        s.put("requests", added(parts, "requests"));
        Map<String, Object> connections = added(parts, "connections");
        connections.put("connect_all_ms", largest(parts, "connections", "connect_all_ms"));
        connections.put("idle_hold_ms", largest(parts, "connections", "idle_hold_ms"));
        connections.put("connect_us", HistogramFigures.connectMicros(sum.total(IntervalLog.CONNECT)));
        s.put("connections", connections);
        s.put("generator", generator(parts));
        Map<String, Object> config = new LinkedHashMap<>(first.object("config").map());
        config.put("index", null);
        s.put("config", config);
        List<String> stops = new ArrayList<>();
        for (GeneratorPart part : parts) {
            if (part.summary().text("stop_reason") != null) {
                stops.add(part.label() + ": " + part.summary().text("stop_reason"));
            }
        }
        if (!missing.isEmpty()) {
            stops.add("generators missing: " + missing);
        }
        s.put("partial", !stops.isEmpty());
        s.put("stop_reason", stops.isEmpty() ? null : String.join("; ", stops));
        s.put("environment", first.map().get("environment"));
        s.put("merge", merge(parts, sum, window, missing));
        return s;
    }

    /** The reasons under {@code key} of every part, each prefixed with the part's label. */
    private static List<String> prefixed(List<GeneratorPart> parts, String key) {
        List<String> reasons = new ArrayList<>();
        for (GeneratorPart part : parts) {
            for (String reason : part.summary().texts(key)) {
                reasons.add(part.label() + ": " + reason);
            }
        }
        return reasons;
    }

    private static double total(List<GeneratorPart> parts, String key, String... path) {
        double total = 0;
        for (GeneratorPart part : parts) {
            Double v = part.summary().number(key, path);
            total += v == null ? 0 : v;
        }
        return total;
    }

    private static double largest(List<GeneratorPart> parts, String key, String... path) {
        double largest = 0;
        for (GeneratorPart part : parts) {
            Double v = part.summary().number(key, path);
            largest = Math.max(largest, v == null ? 0 : v);
        }
        return largest;
    }

    /**
     * The object under {@code key} with every number added over the parts (nested objects, such as the errors by
     * kind, added key by key); the first part's text and flags kept.
     */
    private static Map<String, Object> added(List<GeneratorPart> parts, String key) {
        Map<String, Object> sum = new LinkedHashMap<>();
        for (GeneratorPart part : parts) {
            JsonFields object = part.summary().object(key);
            if (object != null) {
                addInto(sum, object.map());
            }
        }
        return sum;
    }

    @SuppressWarnings("unchecked")
    private static void addInto(Map<String, Object> sum, Map<String, Object> part) {
        for (Map.Entry<String, Object> e : part.entrySet()) {
            Object mine = sum.get(e.getKey());
            Object theirs = e.getValue();
            if (theirs instanceof Map<?, ?> nested) {
                Map<String, Object> into = mine instanceof Map<?, ?> m ? (Map<String, Object>) m : new LinkedHashMap<>();
                addInto(into, (Map<String, Object>) nested);
                sum.put(e.getKey(), into);
            } else if (theirs instanceof Long l && (mine == null || mine instanceof Long)) {
                sum.put(e.getKey(), (mine == null ? 0L : (Long) mine) + l);
            } else if (theirs instanceof Number n && (mine == null || mine instanceof Number)) {
                sum.put(e.getKey(), HistogramFigures.round((mine == null ? 0 : ((Number) mine).doubleValue()) + n.doubleValue()));
            } else if (!sum.containsKey(e.getKey())) {
                sum.put(e.getKey(), theirs);
            }
        }
    }

    /** The generator object: costs per request weighted by each part's answers, threads added, saturation by any. */
    private static Map<String, Object> generator(List<GeneratorPart> parts) {
        double answers = 0;
        double cpuMicros = 0;
        double switches = 0;
        double busyThreads = 0;
        long threads = 0;
        boolean measured = true;
        boolean saturated = false;
        for (GeneratorPart part : parts) {
            JsonFields g = part.summary().object("generator");
            double completed = part.summary().number("requests", "completed_in_window");
            answers += completed;
            cpuMicros += g.number("cpu_us_per_request") * completed;
            switches += g.number("ctx_switches_per_request") * completed;
            busyThreads += g.number("cpu_share_of_io_threads") * g.integer("threads");
            threads += g.integer("threads");
            measured &= Boolean.TRUE.equals(g.flag("costs_measured"));
            saturated |= Boolean.TRUE.equals(g.flag("saturated"));
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("cpu_us_per_request", HistogramFigures.round(answers == 0 ? 0 : cpuMicros / answers));
        g.put("ctx_switches_per_request", HistogramFigures.round(answers == 0 ? 0 : switches / answers));
        g.put("cpu_share_of_io_threads", HistogramFigures.round(threads == 0 ? 0 : busyThreads / threads));
        g.put("threads", threads);
        g.put("costs_measured", measured);
        g.put("saturated", saturated);
        List<String> reasons = new ArrayList<>();
        for (GeneratorPart part : parts) {
            for (String reason : part.summary().object("generator").texts("saturation_reasons")) {
                reasons.add(part.label() + ": " + reason);
            }
        }
        g.put("saturation_reasons", reasons);
        return g;
    }

    /**
     * The merged clock: the common start, the latest start, and the largest clock offset of any part (by its size);
     * unknown when any part's is, since then the largest is not known.
     */
    private static Map<String, Object> clock(List<GeneratorPart> parts) {
        Double largest = null;
        Double roundTrip = null;
        String source = null;
        List<String> unknown = new ArrayList<>();
        for (GeneratorPart part : parts) {
            JsonFields clock = part.summary().object("clock");
            Double offset = clock == null ? null : clock.number("offset_ms");
            if (offset == null) {
                unknown.add(part.label());
            } else if (largest == null || Math.abs(offset) > Math.abs(largest)) {
                largest = offset;
                roundTrip = clock.number("round_trip_ms");
                source = part.label() + ", " + clock.text("offset_source");
            }
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("start_at", parts.getFirst().summary().object("clock").text("start_at"));
        json.put("start_late_ms", largest(parts, "clock", "start_late_ms"));
        json.put("offset_ms", unknown.isEmpty() ? largest : null);
        json.put("round_trip_ms", unknown.isEmpty() ? roundTrip : null);
        json.put("offset_source", unknown.isEmpty() ? "the largest of " + parts.size() + " generators: " + source
                : "unknown for " + String.join(", ", unknown));
        return json;
    }

    private static Map<String, Object> merge(List<GeneratorPart> parts, IntervalSum sum, Window window,
                                             List<Integer> missing) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (GeneratorPart part : parts) {
            JsonFields p = part.summary();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dir", part.dir().toString());
            entry.put("index", part.index());
            entry.put("status", p.text("status"));
            entry.put("throughput_rps", p.number("throughput_rps"));
            entry.put("opened", p.number("connections", "opened"));
            entry.put("window", p.map().get("window"));
            entry.put("clock", p.map().get("clock"));
            entry.put("machine", p.map().get("machine"));
            list.add(entry);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generators", parts.size());
        m.put("of", parts.getFirst().of());
        m.put("missing", missing);
        m.put("intervals", sum.intervals());
        m.put("window_start_spread_ms", window.startSpreadMillis());
        m.put("parts", list);
        return m;
    }

    /** The parts' common window: from the latest start to the earliest end. */
    private record Window(Instant start, Instant end, Instant firstStart) {

        static Window common(List<GeneratorPart> parts) {
            Instant start = null;
            Instant end = null;
            Instant firstStart = null;
            for (GeneratorPart part : parts) {
                JsonFields w = part.summary().object("window");
                Instant s = Instant.parse(w.text("start"));
                Instant e = Instant.parse(w.text("end"));
                start = start == null || s.isAfter(start) ? s : start;
                firstStart = firstStart == null || s.isBefore(firstStart) ? s : firstStart;
                end = end == null || e.isBefore(end) ? e : end;
            }
            return new Window(start, end.isAfter(start) ? end : start, firstStart);
        }

        double seconds() {
            return Duration.between(start, end).toNanos() / 1e9;
        }

        double startSpreadMillis() {
            return Duration.between(firstStart, start).toNanos() / 1e6;
        }

        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("start", start.toString());
            json.put("end", end.toString());
            json.put("s", Math.round(seconds() * 1000) / 1000.0);
            return json;
        }
    }
}
