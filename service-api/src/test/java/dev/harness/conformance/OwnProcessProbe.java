package dev.harness.conformance;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * Counts two resources of the test's own JVM — open file descriptors and live platform threads — so the
 * conformance kit can check that a server, run in this JVM, gives back what its clients made it take.
 *
 * <p>File descriptors are the entries of {@code /proc/self/fd} (Linux; {@link #canCountFileDescriptors}
 * says whether it exists). Threads are {@link java.lang.management.ThreadMXBean#getThreadCount()}: live
 * platform threads, daemon or not; virtual threads are not counted, their carrier threads are. Each call
 * costs a directory listing or one MXBean call: cheap enough to poll every few milliseconds.
 */
final class OwnProcessProbe {

    private static final Path FD_DIR = Path.of("/proc/self/fd");

    private OwnProcessProbe() {
    }

    static boolean canCountFileDescriptors() {
        return Files.isDirectory(FD_DIR);
    }

    /** Open file descriptors of this process, or -1 where {@code /proc/self/fd} does not exist. */
    static int openFileDescriptors() {
        // the listing itself holds one descriptor open while it runs; it is the same in every sample
        try (Stream<Path> fds = Files.list(FD_DIR)) {
            return (int) fds.count();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Live platform threads of this JVM. */
    static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Live platform threads by name with the digits masked ({@code conn-#}), for failure messages. */
    static Map<String, Integer> threadNames() {
        Map<String, Integer> names = new TreeMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            names.merge(t.getName().replaceAll("\\d+", "#"), 1, Integer::sum);
        }
        return names;
    }

    /** Where {@code /proc/self/fd} points, grouped by kind ({@code socket}, {@code pipe}, a file path). */
    static Map<String, Integer> fileDescriptorTargets() {
        Map<String, Integer> kinds = new TreeMap<>();
        try (Stream<Path> fds = Files.list(FD_DIR)) {
            fds.forEach(fd -> {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString().replaceAll("\\[\\d+]", "");
                } catch (IOException e) {
                    target = "(closed while listing)";
                }
                kinds.merge(target, 1, Integer::sum);
            });
        } catch (IOException e) {
            kinds.put("(cannot list: " + e.getMessage() + ")", 1);
        }
        return kinds;
    }

    /**
     * Polls {@code count} every 20 ms until it is at least {@code floor} or {@code timeout} has passed.
     *
     * @return the last value read: at least {@code floor} on success, below it on timeout
     */
    static int awaitAtLeast(IntSupplier count, int floor, Duration timeout) {
        return -awaitAtMost(() -> -count.getAsInt(), -floor, timeout);
    }

    /**
     * Polls {@code count} every 20 ms until it is at most {@code ceiling} or {@code timeout} has passed.
     *
     * @return the last value read: at most {@code ceiling} on success, above it on timeout
     */
    static int awaitAtMost(IntSupplier count, int ceiling, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int value = count.getAsInt();
        while (value > ceiling && System.nanoTime() - deadline < 0) {
            ActTestClient.pause(Duration.ofMillis(20));
            value = count.getAsInt();
        }
        return value;
    }
}
