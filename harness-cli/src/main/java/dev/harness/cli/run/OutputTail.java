package dev.harness.cli.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The last {@value #KEPT_LINES} lines of a child process's output stream, and the first
 * {@value #KEPT_LINES} that tell a failure's cause ({@link FailureCause#tellsCause}: a thread the OS refused,
 * the open-files limit, the heap), read on a daemon thread of its own (named {@code NAME}), each line also
 * handed to a consumer as it arrives (progress forwarding). A server says {@code unable to create native
 * thread} once and may print a thousand progress lines after it: the line that tells the cause is kept
 * anyway, at a bounded cost.
 */
final class OutputTail {

    static final int KEPT_LINES = 40;

    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final List<String> causes = new ArrayList<>();
    private final Thread reader;

    private OutputTail(InputStream stream, String name, Consumer<String> each) {
        this.reader = Thread.ofPlatform().daemon(true).name(name).unstarted(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (lines) {
                        if (lines.size() == KEPT_LINES) {
                            String dropped = lines.removeFirst();
                            if (causes.size() < KEPT_LINES && FailureCause.tellsCause(dropped)) {
                                causes.add(dropped);
                            }
                        }
                        lines.addLast(line);
                    }
                    each.accept(line);
                }
            } catch (IOException ignored) {
                // the process went away: what it wrote so far is kept
            }
        });
    }

    /** Starts reading {@code stream} on a thread called {@code name}. */
    static OutputTail start(InputStream stream, String name, Consumer<String> each) {
        OutputTail tail = new OutputTail(stream, name, each);
        tail.reader.start();
        return tail;
    }

    /** The lines kept so far, oldest first: those that tell a cause and left the tail, then the tail. */
    List<String> lines() {
        synchronized (lines) {
            List<String> all = new ArrayList<>(causes);
            all.addAll(lines);
            return all;
        }
    }

    /** Waits up to {@code timeout} for the stream's end (the process exited and its output is read). */
    void awaitEnd(Duration timeout) throws InterruptedException {
        reader.join(timeout);
    }
}
