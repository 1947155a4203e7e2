package dev.harness.cli.measure;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A cross-check of the {@code /proc} context-switch count: {@code perf stat -e context-switches -p PID}
 * (Debian's {@code linux-perf}; the software event works where hardware counters do not), attached before the
 * measurement window with its counter disabled ({@code --delay -1}) and switched on and off at the window's
 * edges through a control FIFO ({@code --control fifo:CTL,ACK}), so that it counts the window /proc is read
 * over rather than the time perf takes to attach and to stop. Each switch waits for perf's {@code ack}; the
 * time from the command to the ack bounds how far perf's edge lies from the caller's. Absent, refused or
 * unresponsive perf yields an empty count, never a failed run.
 *
 * <p>Costs: one perf process per window, two FIFOs in a temporary folder, a polled wait of at most
 * {@link #ACK_TIMEOUT_NANOS} per switch.
 */
final class PerfProbe implements AutoCloseable {

    /** How long perf has to acknowledge a switch; attaching to a process of many threads takes a while. */
    private static final long ACK_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private final Process process;
    private final Path dir;
    private final Path output;
    private final RandomAccessFile control;
    private final RandomAccessFile ack;
    private final FileInputStream acks;

    private PerfProbe(Process process, Path dir, Path output, RandomAccessFile control, RandomAccessFile ack)
            throws IOException {
        this.process = process;
        this.dir = dir;
        this.output = output;
        this.control = control;
        this.ack = ack;
        this.acks = new FileInputStream(ack.getFD());
    }

    /** Whether a {@code perf} binary is on the PATH. */
    static boolean available() {
        return Executables.onPath("perf");
    }

    /** Attaches to {@code pid} with the counter off; null when perf is not available or would not start. */
    static PerfProbe attach(long pid) throws InterruptedException {
        if (!available()) {
            return null;
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("perf-ctxsw-");
            Path ctl = dir.resolve("ctl");
            Path ackFifo = dir.resolve("ack");
            if (new ProcessBuilder("mkfifo", ctl.toString(), ackFifo.toString()).start().waitFor() != 0) {
                deleteAll(dir);
                return null;
            }
            Path output = dir.resolve("out.csv");
            // read-write opens of a FIFO never block, whether or not perf has opened its end yet
            RandomAccessFile control = new RandomAccessFile(ctl.toFile(), "rw");
            RandomAccessFile ack = new RandomAccessFile(ackFifo.toFile(), "rw");
            Process process = new ProcessBuilder(List.of("perf", "stat", "-x,", "-e", "context-switches", "--delay", "-1",
                    "--control", "fifo:" + ctl + "," + ackFifo, "-p", Long.toString(pid), "-o", output.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new PerfProbe(process, dir, output, control, ack);
        } catch (IOException e) {
            if (dir != null) {
                deleteAll(dir);
            }
            return null;
        }
    }

    /** Switches the counter on; the {@link System#nanoTime()} of perf's ack, or -1 when perf did not answer. */
    long enable() {
        return command("enable");
    }

    /** Switches the counter off; the {@link System#nanoTime()} of perf's ack, or -1 when perf did not answer. */
    long disable() {
        return command("disable");
    }

    private long command(String command) {
        try {
            control.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
            long deadline = System.nanoTime() + ACK_TIMEOUT_NANOS;
            StringBuilder answer = new StringBuilder();
            while (System.nanoTime() - deadline < 0 && process.isAlive()) {
                // available() is FIONREAD on the FIFO: a poll that never blocks, so a stuck perf cannot hang an edge
                while (acks.available() > 0) {
                    int b = acks.read();
                    if (b == '\n') {
                        return answer.toString().equals("ack") ? System.nanoTime() : -1;
                    }
                    if (b != 0) {   // perf writes "ack\n" with its C string's terminator after it
                        answer.append((char) b);
                    }
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Stops perf (SIGINT makes it print its counts) and returns the context switches it counted while on. */
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
            control.close();
            ack.close();
        } catch (IOException ignored) {
            // closing a FIFO we opened cannot lose data we still need
        }
        deleteAll(dir);
    }

    private static void deleteAll(Path dir) {
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temporary folder left behind in /tmp is harmless
        }
    }
}
