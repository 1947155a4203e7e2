package dev.harness.cli.run;

import dev.harness.cli.measure.JsonFields;
import dev.harness.load.LoadException;
import dev.harness.load.LoadResult;
import dev.harness.load.LoadRunner;
import dev.harness.load.ProgressListener;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/**
 * Over tcp the generator runs in the run's own JVM, so without this the first cell measured a cold generator
 * (interpreted, its buffers and histograms not yet allocated) against a warm one for every later cell. Before
 * the first round, one echo load (closed loop, {@value #CONNECTIONS} connections, the run's warm-up and window)
 * drives the first server in a JVM of its own, which is then stopped; nothing of it is reported but its
 * record in {@code meta.json} ({@code generator_warmup}). Over mem every cell has a JVM of its own and warms
 * its own generator.
 *
 * @param server    the server it ran against
 * @param seconds   how long it ran, warm-up and window
 * @param completed the requests it completed; 0 when it could not run
 * @param problem   why it could not run; null when it ran
 */
record GeneratorWarmup(String server, double seconds, long completed, String problem) {

    private static final int CONNECTIONS = 100;

    /** Runs the warm-up against {@code server}, stoppable by {@code stop}. */
    static GeneratorWarmup run(String server, RunSettings settings, CellStop stop) throws InterruptedException {
        long start = System.nanoTime();
        try (ServerProcess process = ServerProcess.start(settings.java(), settings.serverJvmFlags(), server,
                settings.serverArgs(CONNECTIONS, false), settings.cpus(), Duration.ofSeconds(30))) {
            LoadResult result = stop.run(new LoadRunner(Scenario.echo(CONNECTIONS).loadConfig(process.address(),
                    Transport.tcp(), settings), ProgressListener.NONE));
            return new GeneratorWarmup(server, seconds(start), result.counters().completed, null);
        } catch (IOException | LoadException e) {
            return new GeneratorWarmup(server, seconds(start), 0, e.getMessage());
        }
    }

    private static double seconds(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1e7) / 100.0;
    }

    /** The {@code generator_warmup} object of meta.json. */
    Map<String, Object> toJson() {
        return JsonFields.objectOf("server", server, "scenario", "echo", "connections", CONNECTIONS, "seconds", seconds,
                "completed", completed, "problem", problem);
    }

    /** The object {@link #toJson()} wrote; null for none. */
    static GeneratorWarmup fromJson(JsonFields json) {
        return json == null ? null : new GeneratorWarmup(json.text("server"), json.number("seconds"), json.whole("completed"),
                json.text("problem"));
    }
}
