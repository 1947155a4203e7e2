package dev.harness.cli.run;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One {@code --transport mem} cell in a JVM of its own: {@code harness load --transport mem --server NAME ...}
 * started through the same java and class path as a {@link ServerProcess}, so that a crash, a hang or a
 * thread-limit failure ends that cell only and the run goes on.
 *
 * <p>Its output (stdout and stderr merged: the JVM's own warnings, such as a failed {@code pthread_create},
 * go to stdout) is forwarded line by line as it comes and its last {@value OutputTail#KEPT_LINES} lines are
 * kept for the failure's reason. A cell that overruns its time limit is killed (SIGKILL, after SIGTERM and
 * ten seconds); so is one still running when the run is interrupted. Costs one JVM start per cell.
 */
final class CellProcess {

    /**
     * How a cell's JVM ended.
     *
     * @param exitCode its exit code; null when it had to be killed
     * @param timedOut true when it overran its time limit and was killed
     * @param lines    the last lines it wrote, oldest first
     */
    record Exit(Integer exitCode, boolean timedOut, List<String> lines) {

        /** The last line it wrote, or a note that it wrote none. */
        String lastLine() {
            return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
        }
    }

    private final Process process;
    private final OutputTail output;

    private CellProcess(Process process, OutputTail output) {
        this.process = process;
        this.output = output;
    }

    /** Starts {@code harness ARGS} in a JVM with {@code jvmFlags}, forwarding every line it writes to {@code each}. */
    static CellProcess start(String java, List<String> jvmFlags, List<String> args, Consumer<String> each)
            throws IOException {
        Process process = new ProcessBuilder(ServerProcess.harnessCommand(java, jvmFlags, args))
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        return new CellProcess(process, OutputTail.start(process.getInputStream(), "cell-output", each));
    }

    /** Waits for the cell to end, killing it after {@code timeLimit}. */
    Exit await(Duration timeLimit) throws InterruptedException {
        boolean ended = process.waitFor(timeLimit.toMillis(), TimeUnit.MILLISECONDS);
        if (!ended) {
            kill();
        }
        output.awaitEnd(Duration.ofSeconds(5));
        return new Exit(ended ? process.exitValue() : null, !ended, output.lines());
    }

    /** Asks the cell to stop (SIGTERM): it writes its files marked partial and exits; returns at once. */
    void terminate() {
        process.destroy();
    }

    /** SIGTERM, up to ten seconds for the cell to write its partial files, then SIGKILL. */
    void kill() throws InterruptedException {
        ServerProcess.stop(process);
    }
}
