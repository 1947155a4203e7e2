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
 * {@code harness run}: every server × every scenario, one cell at a time, in rounds ({@link RunOrder}: each
 * round every cell once, the servers rotated), into {@code OUT/<run-id>/} — {@code meta.json}, per cell
 * {@code <server>/<scenario>/summary.json}, the aggregate of its repeats ({@link Repeats}), with each repeat's
 * {@code summary.json} and {@code histograms.hlog} in {@code repeat-R/} (in the cell's folder itself when
 * there is one repeat), and {@code report.md}, with its charts ({@code charts/*.svg}, {@code report.html}, drawn by
 * {@link RunReport}) — then the report on stdout. Over tcp the generator is warmed
 * up first ({@link GeneratorWarmup}). Over tcp each server runs in a JVM of its own and the
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

    /**
     * Runs the matrix; returns 0 when every cell is ok or overloaded (a result), 1 otherwise, 2 when the
     * generator cannot be pinned.
     */
    public int execute(PrintStream stdout, PrintStream stderr) throws IOException, InterruptedException {
        try {
            settings.cpus().pinGenerator();
        } catch (IOException e) {
            stderr.println("harness run: " + e.getMessage() + "; check the core list of --cpus (nproc, taskset -p $$)");
            return 2;
        }
        Instant start = Instant.now();
        Path runDir = out.resolve(RUN_ID.format(start) + "-" + name);
        Files.createDirectories(runDir);
        RunOrder order = new RunOrder(servers, scenarios, settings.repeats());
        List<RunOrder.Slot> slots = order.slots();
        Map<String, List<Cell>> repeats = new LinkedHashMap<>();
        int total = slots.size();
        Progress progress = new Progress(stderr, total);
        Map<String, String> heaps = new LinkedHashMap<>();
        CellStop warmupStop = new CellStop();
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
            public void heap(String cell, String xmxFlag) {
                synchronized (heaps) {
                    heaps.put(cell, xmxFlag);
                }
            }
        });
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            progress.interrupted();
            warmupStop.stop();
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
        GeneratorWarmup warmup = null;
        try {
            writeMeta(runDir, start, null, heaps, null);
            stderr.printf("harness run: %d servers x %d scenarios, %d round%s, over %s into %s (about %s)%n", servers.size(),
                    scenarios.size(), settings.repeats(), settings.repeats() == 1 ? "" : "s", settings.transport().name(),
                    runDir, Progress.minutes(estimate(slots, 0)));
            if (!settings.mem() && scenarios.stream().anyMatch(s -> s.kind() != Scenario.Kind.BREAKING_POINT)) {
                stderr.printf("harness run: warming the generator up against %s (echo, %s)%n", servers.getFirst(),
                        Progress.minutes(settings.warmup().plus(settings.duration())));
                warmup = GeneratorWarmup.run(servers.getFirst(), settings, warmupStop);
                writeMeta(runDir, start, null, heaps, warmup);
            }
            for (int index = 0; index < total && !progress.wasInterrupted(); index++) {
                RunOrder.Slot slot = slots.get(index);
                progress.cell(index + 1, slot, estimate(slots, index));
                int n = order.repeatsOf(slot.scenario());
                Path dir = runDir.resolve(slot.server()).resolve(slot.scenario().name())
                        .resolve(Repeats.path(slot.round(), n)).normalize();
                Cell cell = runner.run(slot.server(), slot.scenario(), dir);
                repeats.computeIfAbsent(slot.server() + "/" + slot.scenario().name(), k -> new ArrayList<>()).add(cell);
                progress.done(cell);
            }
            interrupted = progress.wasInterrupted();
            List<Cell> cells = aggregate(order, repeats, runDir);
            RunMeta meta = writeMeta(runDir, start, Instant.now(), heaps, warmup);
            String report = Report.markdown(meta, servers, scenarios, cells);
            LoadResult.writeAtomically(runDir.resolve("report.md"), report.getBytes(StandardCharsets.UTF_8));
            stdout.print(report);
            stdout.println();
            List<String> charts = RunReport.write(runDir);
            stdout.println("results: " + runDir + " (report.md, report.html, " + charts.size() + " charts in charts/)");
            boolean allOk = !interrupted && cells.size() == servers.size() * scenarios.size()
                    && cells.stream().allMatch(c -> c.status().completed());
            return allOk ? 0 : 1;
        } finally {
            finished.countDown();
            if (!progress.wasInterrupted()) {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    /**
     * Each server × scenario's aggregate over its repeats, in report order, its summary.json written into its
     * folder (a breaking-point climb is its own aggregate: it runs once and has written its summary).
     */
    private List<Cell> aggregate(RunOrder order, Map<String, List<Cell>> repeats, Path runDir) throws IOException {
        List<Cell> cells = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            for (String server : servers) {
                List<Cell> ran = repeats.get(server + "/" + scenario.name());
                if (ran == null) {
                    continue;
                }
                if (scenario.kind() == Scenario.Kind.BREAKING_POINT) {
                    cells.add(ran.getFirst());
                } else {
                    cells.add(Repeats.aggregate(ran, order.repeatsOf(scenario)).write(runDir.resolve(server).resolve(scenario.name())));
                }
            }
        }
        return cells;
    }

    private RunMeta writeMeta(Path runDir, Instant start, Instant end, Map<String, String> heaps, GeneratorWarmup warmup)
            throws IOException {
        RunMeta meta;
        synchronized (heaps) {
            meta = RunMeta.describe(settings, profile, start, end, projectRoot, new LinkedHashMap<>(heaps), warmup);
        }
        LoadResult.writeAtomically(runDir.resolve("meta.json"), Json.write(meta.toJson()).getBytes(StandardCharsets.UTF_8));
        return meta;
    }

    /** Expected time of the cells of {@code slots} after the first {@code done}. */
    private Duration estimate(List<RunOrder.Slot> slots, int done) {
        Duration left = Duration.ZERO;
        for (RunOrder.Slot slot : slots.subList(done, slots.size())) {
            Scenario scenario = slot.scenario();
            left = left.plus(switch (scenario.kind()) {
                case LOAD -> settings.warmup().plus(settings.duration()).plusSeconds(3);
                case IDLE_CONNECTIONS -> idleEstimate(scenario.connections(), scenario.idleRate());
                case BREAKING_POINT -> scenario.steps().stream().map(count -> idleEstimate(count, scenario.idleRate()))
                        .reduce(Duration.ZERO, Duration::plus);
            });
        }
        return left;
    }

    /** An idle-connections cell: JVM starts and collections, opening, the hold, the request phase. */
    private Duration idleEstimate(int connections, double rate) {
        return Duration.ofSeconds(6 + connections / 20_000).plus(Scenario.IDLE_HOLD).plus(settings.warmup())
                .plus(Scenario.idleRequestWindow(connections, settings.duration(), rate));
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

        void cell(int index, RunOrder.Slot slot, Duration estimateLeft) {
            prefix = String.format("[%d/%d] round %d: %s / %s", index, total, slot.round(), slot.server(),
                    slot.scenario().name());
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
