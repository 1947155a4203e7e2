package dev.harness.cli.run;

import dev.harness.load.ProgressListener;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs one server × scenario into its folder, by the run's transport and the scenario's kind: over tcp a
 * {@link TcpCell}, over mem a {@link MemCell}, and a breaking-point scenario as a climb of such cells
 * ({@link BreakingPoint}).
 *
 * <p>Failures are results: a server or cell JVM that cannot start, dies, hangs past its time, or cannot
 * create threads for its connections gives a cell marked failed with the reason, its classified cause and
 * the connection count where it failed ({@link CellRules}); the run goes on.
 */
final class CellRunner {

    /** What a cell reports while it runs. */
    interface Listener {
        /** The generator's progress, once a second, when it runs in this JVM. */
        void load(ProgressListener.Progress progress);

        /** A line a cell JVM wrote (its progress, or why it fails). */
        void line(String line);

        /** The {@code -Xmx} flag the cell JVM of {@code cell} (server/scenario[/step]) runs with. */
        void heap(String cell, String xmxFlag);
    }

    private final RunSettings settings;
    private final Listener listener;
    private final CellStop stop = new CellStop();
    private final TcpCell tcp;
    private final MemCell mem;

    CellRunner(RunSettings settings, Listener listener) {
        this.settings = settings;
        this.listener = listener;
        this.tcp = new TcpCell(settings, listener, stop);
        this.mem = new MemCell(settings, listener, stop);
    }

    /** Stops the cell under way (Ctrl-C): its result is written, marked partial. */
    void stop() {
        stop.stop();
    }

    Cell run(String server, Scenario scenario, Path dir) throws IOException, InterruptedException {
        return switch (scenario.kind()) {
            case LOAD, IDLE_CONNECTIONS -> cell(server, scenario, dir);
            case BREAKING_POINT -> BreakingPoint.run(server, scenario, dir, settings.transport().name(),
                    (step, stepDir) -> cell(server, step, stepDir), listener, stop::stopped);
        };
    }

    private Cell cell(String server, Scenario scenario, Path dir) throws IOException, InterruptedException {
        return settings.mem() ? mem.run(server, scenario, dir) : tcp.run(server, scenario, dir);
    }
}
