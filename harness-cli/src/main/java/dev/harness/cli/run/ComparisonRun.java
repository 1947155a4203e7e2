package dev.harness.cli.run;

import dev.harness.cli.report.RunReport;
import dev.harness.load.LoadResult;
import dev.harness.load.ProgressListener;
import dev.harness.load.record.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code harness run}: every server × every scenario, one cell at a time, into {@code OUT/<run-id>/} —
 * {@code meta.json}, {@code <server>/<scenario>/summary.json} and {@code histograms.hlog} per cell, and
 * {@code report.md}, with its charts ({@code charts/*.svg}, {@code report.html}, drawn by {@link RunReport}) —
 * then the report on stdout. Over tcp each server runs in a JVM of its own and the
 * generator in this one; over mem each cell (server and generator) runs in a JVM of its own, whose heap is
 * printed and recorded in {@code meta.json}.
 *
 * <p>Progress goes to stderr (cell x of y, server, scenario, phase, time left). A failed cell is a result:
 * the run goes on and exits 1 at the end. Ctrl-C stops the cell under way, keeps it marked partial, writes
 * the report of what finished, and exits 1.
 *
 * @param profile     the named matrix
 * @param servers     the servers, in column order
 * @param scenarios   the scenarios, in report order
 * @param settings    how every cell runs: transport, JVM flags, windows
 * @param out         where the run folder goes
 * @param name        the short name after the UTC timestamp in the run id
 * @param projectRoot the checkout, for the git commit in meta.json; null when unknown
 */
public record ComparisonRun(Profile profile, List<String> servers, List<Scenario> scenarios, RunSettings settings,
                            Path out, String name, Path projectRoot) {

    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    /** Runs the matrix; returns 0 when every cell is ok, 1 otherwise. */
    public int execute(PrintStream stdout, PrintStream stderr) throws IOException, InterruptedException {
        Instant start = Instant.now();
        Path runDir = out.resolve(RUN_ID.format(start) + "-" + name);
        Files.createDirectories(runDir);
        List<Cell> cells = new ArrayList<>();
        int total = servers.size() * scenarios.size();
        Progress progress = new Progress(stderr, total);
        Map<String, String> heaps = new LinkedHashMap<>();
        CellRunner runner = new CellRunner(settings, new CellRunner.Listener() {
            @Override
            public void load(ProgressListener.Progress p) {
                progress.load(p);
            }

            @Override
            public void line(String line) {
                progress.line(line);
            }

            @Override
            public void heap(String cell, ChildHeap heap) {
                synchronized (heaps) {
                    heaps.put(cell, heap.flag());
                }
            }
        });
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            progress.interrupted();
            runner.stop();
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stderr.flush();
            stdout.flush();
            Runtime.getRuntime().halt(1);
        }, "run-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
        boolean interrupted = false;
        try {
            writeMeta(runDir, start, null, heaps);
            stderr.printf("harness run: %d servers x %d scenarios over %s into %s (about %s)%n", servers.size(),
                    scenarios.size(), settings.transport().name(), runDir,
                    Progress.minutes(estimate(scenarios.size() * servers.size(), 0)));
            int index = 0;
            for (Scenario scenario : scenarios) {
                for (String server : servers) {
                    index++;
                    progress.cell(index, server, scenario, estimate(total, index - 1));
                    Cell cell = runner.run(server, scenario, runDir.resolve(server).resolve(scenario.name()));
                    cells.add(cell);
                    progress.done(cell);
                    if (progress.wasInterrupted()) {
                        interrupted = true;
                        break;
                    }
                }
                if (interrupted) {
                    break;
                }
            }
            RunMeta meta = writeMeta(runDir, start, Instant.now(), heaps);
            String report = Report.markdown(meta, servers, scenarios, cells);
            LoadResult.writeAtomically(runDir.resolve("report.md"), report.getBytes(StandardCharsets.UTF_8));
            stdout.print(report);
            stdout.println();
            List<String> charts = RunReport.write(runDir);
            stdout.println("results: " + runDir + " (report.md, report.html, " + charts.size() + " charts in charts/)");
            boolean allOk = !interrupted && cells.size() == total && cells.stream().allMatch(Cell::ok);
            return allOk ? 0 : 1;
        } finally {
            finished.countDown();
            if (!progress.wasInterrupted()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    private RunMeta writeMeta(Path runDir, Instant start, Instant end, Map<String, String> heaps) throws IOException {
        RunMeta meta;
        synchronized (heaps) {
            meta = RunMeta.describe(settings, profile, start, end, projectRoot, new LinkedHashMap<>(heaps));
        }
        LoadResult.writeAtomically(runDir.resolve("meta.json"), Json.write(meta.toJson()).getBytes(StandardCharsets.UTF_8));
        return meta;
    }

    /** Expected time of the cells after the first {@code done} of {@code total}. */
    private Duration estimate(int total, int done) {
        Duration left = Duration.ZERO;
        int index = 0;
        for (Scenario scenario : scenarios) {
            for (int s = 0; s < servers.size(); s++) {
                if (index++ >= done) {
                    left = left.plus(switch (scenario.kind()) {
                        case LOAD -> settings.warmup().plus(settings.duration()).plusSeconds(3);
                        case IDLE_CONNECTIONS -> idleEstimate(scenario.connections());
                        case BREAKING_POINT -> scenario.steps().stream().map(this::idleEstimate)
                                .reduce(Duration.ZERO, Duration::plus);
                    });
                }
            }
        }
        return left;
    }

    /** An idle-connections cell: JVM starts and collections, opening, the hold, the request phase. */
    private Duration idleEstimate(int connections) {
        return Duration.ofSeconds(6 + connections / 20_000).plus(Scenario.IDLE_HOLD).plus(settings.warmup())
                .plus(Scenario.idleRequestWindow(connections, settings.duration()));
    }

    /** The stderr progress: one line when a cell starts and ends, and one a second while a load runs. */
    private static final class Progress {
        private final PrintStream err;
        private final int total;
        private volatile String prefix = "";
        private volatile boolean interrupted;
        private volatile Duration left = Duration.ZERO;

        Progress(PrintStream err, int total) {
            this.err = err;
            this.total = total;
        }

        void cell(int index, String server, Scenario scenario, Duration estimateLeft) {
            prefix = String.format("[%d/%d] %s / %s", index, total, server, scenario.name());
            left = estimateLeft;
            err.printf("%s: starting (about %s left)%n", prefix, minutes(estimateLeft));
        }

        void load(ProgressListener.Progress p) {
            Duration inCell = Duration.ofNanos(p.elapsedNanos());
            Duration remaining = left.compareTo(inCell) > 0 ? left.minus(inCell) : Duration.ZERO;
            err.printf("%s: %s  (about %s left)%n", prefix, p.line(), minutes(remaining));
        }

        void line(String line) {
            err.printf("%s: %s%n", prefix, line);
        }

        void done(Cell cell) {
            String what = cell.scenario().kind() == Scenario.Kind.BREAKING_POINT ? BreakingPoint.headline(cell)
                    : cell.status().jsonName() + (cell.reason() == null ? "" : " - " + cell.reason());
            err.printf("%s: %s%n", prefix, what);
        }

        void interrupted() {
            interrupted = true;
            err.println("harness run: interrupted; finishing the cell under way as partial and writing the report");
        }

        boolean wasInterrupted() {
            return interrupted;
        }

        static String minutes(Duration d) {
            long s = d.toSeconds();
            return s >= 60 ? String.format("%dm%02ds", s / 60, s % 60) : s + "s";
        }
    }
}
