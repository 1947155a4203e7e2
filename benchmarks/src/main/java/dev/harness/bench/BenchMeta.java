package dev.harness.bench;

import dev.harness.load.record.Json;
import dev.harness.probe.Provenance.Git;
import dev.harness.probe.Provenance.Jdk;
import dev.harness.probe.Provenance.Machine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the {@code meta.json} beside a benchmark run's {@code jmh.json}: what is needed to reproduce the
 * run, with the field names of a {@code harness run}'s meta.json where they mean the same. {@code ./harness
 * bench} runs it after JMH, with the same java and {@code $HARNESS_JAVA_OPTS}, so the JDK and flags it
 * records are those JMH ran with (JMH's forks inherit the flags unless {@code -jvmArgs} replaces them; each
 * result in jmh.json records its fork's own).
 *
 * <pre>{@code
 * java -cp benchmarks.jar dev.harness.bench.BenchMeta OUT_FILE PROJECT_ROOT START JMH_EXIT_CODE N \
 *     COMMAND_WORD... (N words) JMH_COMMAND_WORD...
 * }</pre>
 *
 * <p>Fields: {@code command} (the harness command line), {@code jmh_command} (the java command that ran
 * JMH, word by word), {@code start} and {@code end} (UTC), {@code jmh_exit_code}, {@code jdk} ({@code java},
 * {@code vendor}, {@code vm}, {@code version}), {@code jvm_flags}, {@code machine} ({@code os},
 * {@code kernel}, {@code arch}, {@code cores}, {@code memory_bytes}), {@code git} ({@code commit},
 * {@code dirty}: tracked files modified; null outside a checkout).
 */
public final class BenchMeta {

    private BenchMeta() {
    }

    public static void main(String[] args) throws IOException {
        int commandWords = args.length >= 5 ? Integer.parseInt(args[4]) : -1;
        if (commandWords < 0 || args.length < 5 + commandWords) {
            System.err.println("usage: BenchMeta OUT_FILE PROJECT_ROOT START JMH_EXIT_CODE N COMMAND_WORD... (N words)"
                    + " JMH_COMMAND_WORD...");
            System.exit(2);
        }
        Path root = Path.of(args[1]);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("command", String.join(" ", Arrays.asList(args).subList(5, 5 + commandWords)));
        meta.put("jmh_command", Arrays.asList(args).subList(5 + commandWords, args.length));
        meta.put("start", args[2]);
        meta.put("end", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        meta.put("jmh_exit_code", Integer.parseInt(args[3]));
        meta.put("jdk", Jdk.current(Path.of(System.getProperty("java.home"), "bin", "java").toString()).toJson());
        meta.put("jvm_flags", ManagementFactory.getRuntimeMXBean().getInputArguments());
        meta.put("machine", Machine.current().toJson());
        meta.put("git", Git.of(root).toJson());
        Files.writeString(Path.of(args[0]), Json.write(meta), StandardCharsets.UTF_8);
    }
}
