package dev.harness.cli.run;

import dev.harness.load.LoadException;
import dev.harness.load.LoadResult;
import dev.harness.load.LoadRunner;
import java.time.Duration;

/**
 * Ctrl-C as it reaches the cell under way: the load that runs in this JVM (tcp) or the cell JVM that runs one
 * (mem) is asked to stop, so that its result is written, marked partial; every cell after it is skipped. A
 * stop that comes before the cell starts stops it as it starts.
 */
final class CellStop {

    private volatile boolean stopped;
    private volatile LoadRunner load;
    private volatile CellProcess cell;

    /** Stops the cell under way, and every one after it. */
    void stop() {
        stopped = true;
        LoadRunner runner = load;
        if (runner != null) {
            runner.stop();
        }
        CellProcess process = cell;
        if (process != null) {
            process.terminate();
        }
    }

    boolean stopped() {
        return stopped;
    }

    /** Runs {@code runner} in this JVM, stoppable. */
    LoadResult run(LoadRunner runner) throws LoadException, InterruptedException {
        load = runner;
        if (stopped) {
            runner.stop();
        }
        try {
            return runner.run();
        } finally {
            load = null;
        }
    }

    /** Waits for the cell JVM {@code process} to end within {@code limit}, stoppable. */
    CellProcess.Exit await(CellProcess process, Duration limit) throws InterruptedException {
        cell = process;
        try {
            if (stopped) {
                process.terminate();
            }
            return process.await(limit);
        } finally {
            cell = null;
        }
    }
}
