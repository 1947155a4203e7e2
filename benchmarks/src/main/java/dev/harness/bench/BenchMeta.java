package dev.harness.bench;

import dev.harness.load.record.Json;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
        Map<String, Object> jdk = new LinkedHashMap<>();
        jdk.put("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        jdk.put("vendor", System.getProperty("java.vendor"));
        jdk.put("vm", System.getProperty("java.vm.name"));
        jdk.put("version", Runtime.version().toString());
        meta.put("jdk", jdk);
        meta.put("jvm_flags", ManagementFactory.getRuntimeMXBean().getInputArguments());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("os", System.getProperty("os.name"));
        machine.put("kernel", System.getProperty("os.version"));
        machine.put("arch", System.getProperty("os.arch"));
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        long memory = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class)
                .getTotalMemorySize();
        machine.put("memory_bytes", memory > 0 ? memory : null);
        meta.put("machine", machine);
        Map<String, Object> git = new LinkedHashMap<>();
        String commit = git(root, "rev-parse", "HEAD");
        git.put("commit", commit);
        git.put("dirty", commit == null ? null : !git(root, "status", "--porcelain", "--untracked-files=no").isEmpty());
        meta.put("git", git);
        Files.writeString(Path.of(args[0]), Json.write(meta), StandardCharsets.UTF_8);
    }

    /** The output of a git command in {@code root}, trimmed; null when git or the repository is missing. */
    private static String git(Path root, String... args) {
        try {
            List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
