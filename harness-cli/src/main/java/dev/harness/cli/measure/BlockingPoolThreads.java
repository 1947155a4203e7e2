package dev.harness.cli.measure;

import dev.harness.server.HandlerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The threads of a proactor's pool for {@code Session.blocking} alive in a process: those whose name starts with
 * {@link HandlerConfig#BLOCKING_THREAD_NAME}, read from {@code /proc/PID/task/*}{@code /comm}. The pool starts a
 * thread per call up to its size and ends one a second after its last call, so at a window's end under a steady
 * load of blocking calls this is the pool's size; 0 for a server that has no pool or made no call.
 */
public final class BlockingPoolThreads {

    private BlockingPoolThreads() {
    }

    /** The pool's threads in process {@code pid}; null when its {@code /proc} cannot be read (it is gone). */
    public static Integer count(long pid) {
        int threads = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm"), StandardCharsets.US_ASCII)
                            .startsWith(HandlerConfig.BLOCKING_THREAD_NAME)) {
                        threads++;
                    }
                } catch (NoSuchFileException ended) {
                    // the thread ended while the others were read
                }
            }
        } catch (IOException | UncheckedIOException gone) {
            return null;
        }
        return threads;
    }
}
