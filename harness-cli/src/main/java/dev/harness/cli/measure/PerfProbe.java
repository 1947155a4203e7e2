package dev.harness.cli.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A cross-check of the {@code /proc} context-switch count: {@code perf stat -e context-switches -p PID}
 * (Debian's {@code linux-perf}; the software event works where hardware counters do not) attached for a
 * measurement window. Absent or refused perf yields an empty count, never a failed run.
 */
final class PerfProbe implements AutoCloseable {

    private final Process process;
    private final Path output;

    private PerfProbe(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** Whether a {@code perf} binary is on the PATH. */
    static boolean available() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "perf"))) {
                return true;
            }
        }
        return false;
    }

    /** Attaches to {@code pid}; null when perf is not available or would not start. */
    static PerfProbe attach(long pid) {
        if (!available()) {
            return null;
        }
        try {
            Path output = Files.createTempFile("perf-ctxsw-", ".csv");
            Process process = new ProcessBuilder(List.of("perf", "stat", "-x,", "-e", "context-switches",
                    "-p", Long.toString(pid), "-o", output.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new PerfProbe(process, output);
        } catch (IOException e) {
            return null;
        }
    }

    /** Detaches (SIGINT makes perf print its counts) and returns the context switches it counted. */
    OptionalLong stop() throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return OptionalLong.empty();
            }
            return parse(Files.readAllLines(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return OptionalLong.empty();
        } finally {
            close();
        }
    }

    /** The count of the {@code context-switches} line of {@code perf stat -x,} output. */
    static OptionalLong parse(List<String> lines) {
        for (String line : lines) {
            String[] fields = line.split(",");
            if (fields.length > 2 && fields[2].startsWith("context-switches")) {
                try {
                    return OptionalLong.of(Long.parseLong(fields[0].trim()));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty(); // "<not supported>" or "<not counted>"
                }
            }
        }
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            Files.deleteIfExists(output);
        } catch (IOException ignored) {
            // a temporary file left behind in /tmp is harmless
        }
    }
}
