package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.measure.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code results/README.md} documents every field a {@code summary.json} and a {@code meta.json} have: a tiny run
 * over tcp and one over mem write real files (a load cell and an idle-connections cell each), every field path in
 * them is collected, and each must be named in the README — as itself ({@code `server.probes`}), or by a dotted tail of
 * it ({@code `probes.cpu_ms`}, {@code `cpu_ms`}). The test fails naming every path the README lacks, so a field
 * added to the code without its row is caught here. Exempt: the keys under {@code config}, which echo the load's
 * parameters one to one (documented as a whole, and by {@code harness load --help}), and under
 * {@code cell_jvm.xmx}, which are cell names.
 */
class ResultsReadmeTest {

    private static final Path README = Path.of("..", "results", "README.md");
    private static final Pattern CODE = Pattern.compile("`([A-Za-z0-9_.]+)`");
    private static final Set<String> EXEMPT_UNDER = Set.of("config", "cell_jvm.xmx");
    private static final Set<String> FILES = Set.of("summary.json", "meta.json");

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void everySummaryAndMetaFieldIsDocumented(@TempDir Path out) throws IOException {
        for (String transport : List.of("tcp", "mem")) {
            MisuseTest.Outcome run = MisuseTest.harness("run", "--profile", "ci", "--servers", "proactor-act",
                    "--scenarios", "echo,idle-connections", "--transport", transport, "--out", out.toString(),
                    "--name", transport);
            assertEquals(0, run.code(), run.err());
        }
        Set<String> paths = new TreeSet<>();
        try (Stream<Path> files = Files.walk(out)) {
            for (Path file : files.filter(f -> FILES.contains(f.getFileName().toString())).toList()) {
                collect("", JsonReader.read(Files.readString(file)), paths);
            }
        }
        assertTrue(paths.contains("window.start") && paths.contains("server.probes.perf_lead_ms")
                && paths.contains("server.thread_groups.server.cpu_ms") && paths.contains("cpus.server")
                && paths.contains("cell_jvm.heap_rule"), "both transports' summaries and metas were read: " + paths);
        Set<String> documented = documented(Files.readString(README));
        List<String> missing = paths.stream().filter(p -> !isDocumented(p, documented)).toList();
        assertTrue(missing.isEmpty(), "results/README.md does not document these summary.json or meta.json fields: "
                + missing);
    }

    /** Every field path under {@code value}: objects by key, arrays of objects through their elements. */
    private static void collect(String prefix, Object value, Set<String> paths) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String path = prefix.isEmpty() ? e.getKey().toString() : prefix + "." + e.getKey();
                paths.add(path);
                if (!EXEMPT_UNDER.contains(path)) {
                    collect(path, e.getValue(), paths);
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object element : list) {
                collect(prefix, element, paths);
            }
        }
    }

    /** Every name in backticks, with each of its dotted tails: {@code `a.b.c`} gives a.b.c, b.c and c. */
    private static Set<String> documented(String readme) {
        Set<String> names = new TreeSet<>();
        Matcher m = CODE.matcher(readme);
        while (m.find()) {
            String name = m.group(1);
            names.add(name);
            for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
                names.add(name.substring(dot + 1));
            }
        }
        return names;
    }

    /** Whether the path, or one of its dotted tails, is named in the README. */
    private static boolean isDocumented(String path, Set<String> documented) {
        if (documented.contains(path)) {
            return true;
        }
        for (int dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1)) {
            if (documented.contains(path.substring(dot + 1))) {
                return true;
            }
        }
        return false;
    }
}
