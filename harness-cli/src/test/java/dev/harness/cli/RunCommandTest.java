package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harness run} end to end on a tiny matrix: real server JVMs, the real generator, the results folder
 * and the report. Asserts the layout and counts that do not depend on speed.
 */
class RunCommandTest {

    private record Outcome(int exit, String out, String err) {
    }

    private static Outcome harness(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).run(args);
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Path onlyRun(Path out) throws IOException {
        try (Stream<Path> runs = Files.list(out)) {
            List<Path> all = runs.toList();
            assertEquals(1, all.size(), "one run folder: " + all);
            return all.get(0);
        }
    }

    private static double number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\": (-?[0-9.]+)").matcher(json);
        assertTrue(m.find(), field + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    /** The {@code memory} object of a summary, as text: where a server's held-connection figures are. */
    private static String memory(String json) {
        int at = json.indexOf("\"memory\": {");
        assertTrue(at >= 0, "a memory object in " + json);
        return json.substring(at, json.indexOf('}', at) + 1);
    }

    /**
     * The server held every connection the idle scenario opened. Its count is read while the generator's
     * connections are open, and on a busy machine a few connections of the scenario's earlier phases may still
     * be closing then (207 of 200 was seen): at least every opened one, and never as many again.
     */
    private static void assertHeldEveryConnection(String summary, int opened) {
        double held = number(memory(summary), "connections_held");
        assertTrue(held >= opened && held < 2 * opened, "held " + held + " of " + opened + " connections: " + summary);
    }

    /**
     * The refusals a breaking-point step met: the servers take at most {@code max} of {@code offered} connections,
     * so some are closed and never more than those over the limit (one may still be opening when the step is
     * judged on a busy machine: 299 of 300 was seen).
     */
    private static void assertSomeOverTheLimitClosed(String summary, int offered, int max) {
        Matcher m = Pattern.compile("([0-9,]+) connections were closed by the server").matcher(summary);
        assertTrue(m.find(), "connections closed by the server in " + summary);
        int closed = Integer.parseInt(m.group(1).replace(",", ""));
        assertTrue(closed > 0 && closed <= offered - max, closed + " of the " + (offered - max)
                + " connections over the limit were closed: " + summary);
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void tinyMatrixWritesEveryCellMetaAndReport(@TempDir Path out) throws IOException {
        Outcome run = harness("run", "--profile", "ci", "--servers", "sync-threads,virtual-threads",
                "--out", out.toString(), "--name", "e2e");
        assertEquals(0, run.exit(), run.err());
        Path dir = onlyRun(out);
        assertTrue(dir.getFileName().toString().matches("\\d{8}T\\d{6}Z-e2e"), dir.toString());

        String meta = Files.readString(dir.resolve("meta.json"));
        for (String field : List.of("\"command\"", "\"profile\": \"ci\"", "\"jdk\"", "\"vendor\"", "\"server_jvm_flags\"",
                "\"kernel\"", "\"cores\"", "\"memory_bytes\"", "\"commit\"", "\"dirty\"", "\"start\"", "\"end\"")) {
            assertTrue(meta.contains(field), field + " in meta.json:\n" + meta);
        }
        for (String server : List.of("sync-threads", "virtual-threads")) {
            for (String scenario : List.of("echo", "idle-connections")) {
                Path cell = dir.resolve(server).resolve(scenario);
                assertTrue(Files.isRegularFile(cell.resolve("histograms.hlog")), cell + "/histograms.hlog");
                String summary = Files.readString(cell.resolve("summary.json"));
                assertTrue(summary.contains("\"name\": \"" + server + "\""), summary);
                assertTrue(number(summary, "threads_after") >= 1, summary);
                assertTrue(!summary.contains("\"cell\""), "an ok cell has no cell status: " + summary);
            }
            String echo = Files.readString(dir.resolve(server).resolve("echo").resolve("summary.json"));
            assertTrue(number(echo, "completed") > 0, echo);
            // the window's end is read while every connection is open: a closed one would have ended its
            // server thread and taken that thread's context switches out of /proc
            assertEquals(number(echo, "fds_before"), number(echo, "fds_after"), echo);
            assertTrue(number(echo, "ctx_switches_per_request") >= 0, echo);
            assertTrue(number(echo, "cpu_us_per_request") > 0, echo);
            // a load cell's server starts with its heap touched; an idle cell's heap grows, so that it is measured
            assertTrue(echo.contains("\"-XX:+AlwaysPreTouch\""), echo);
            String idle = Files.readString(dir.resolve(server).resolve("idle-connections").resolve("summary.json"));
            assertTrue(idle.contains("\"-Xms256m\"") && !idle.contains("AlwaysPreTouch"), idle);
        }
        assertTrue(meta.contains("\"load_server_jvm_flags\"") && meta.contains("\"-XX:+AlwaysPreTouch\""), meta);
        // counts, not times: a platform thread per idle connection, no thread per virtual one; every connection
        // held by the server and then used
        String syncIdle = Files.readString(dir.resolve("sync-threads/idle-connections/summary.json"));
        String virtualIdle = Files.readString(dir.resolve("virtual-threads/idle-connections/summary.json"));
        for (String idle : List.of(syncIdle, virtualIdle)) {
            assertEquals(200, number(idle, "opened"), idle);
            assertEquals(200, number(idle, "used"), idle);
            assertHeldEveryConnection(idle, 200);
            assertTrue(number(idle, "completed") >= 200, idle);
        }
        assertTrue(number(memory(syncIdle), "threads") >= 200, syncIdle);
        assertTrue(number(memory(virtualIdle), "threads") < 100, virtualIdle);

        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("| metric | sync-threads | virtual-threads |"), report);
        assertTrue(report.contains("## echo") && report.contains("## idle-connections"), report);
        for (String row : List.of("| connections opened |", "| time to open them all, ms |", "| server heap bytes / idle connection |",
                "| server RSS bytes / idle connection |", "| server threads, connections held |", "| requests completed |",
                "| connections used |", "| latency p50, µs |", "| latency p99, µs |", "| latency p99.9, µs |", "| latency max, µs |")) {
            assertTrue(report.contains(row), row + " in\n" + report);
        }
        assertTrue(run.out().contains("| metric | sync-threads | virtual-threads |"), "the report is printed");
        assertTrue(run.err().contains("[4/4]"), "progress names the cell: " + run.err());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void thePeersProfileRunsAReferenceServerBesideOursAndMarksIt(@TempDir Path out) throws IOException {
        Outcome run = harness("run", "--profile", "peers", "--servers", "netty,proactor-act", "--scenarios", "http-echo",
                "--repeat", "1", "--warmup", "200ms", "--duration", "500ms", "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        Path dir = onlyRun(out);
        String summary = Files.readString(dir.resolve("netty").resolve("http-echo").resolve("summary.json"));
        assertTrue(summary.contains("\"status\": \"ok\""), summary);
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("| metric | netty (ref.) | proactor-act |"), report);
        assertTrue(report.contains("Reference servers, marked (ref.): netty"), report);
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aServerThatCannotStartIsAFailedCellAndTheRunGoesOn(@TempDir Path out) throws IOException {
        Outcome run = harness("run", "--profile", "ci", "--servers", "sync-threads", "--scenarios", "echo,idle-connections",
                "--server-jvm-flags", "-Xmx1k", "--out", out.toString());
        assertEquals(1, run.exit(), run.err());
        Path dir = onlyRun(out);
        for (String scenario : List.of("echo", "idle-connections")) {
            String summary = Files.readString(dir.resolve("sync-threads").resolve(scenario).resolve("summary.json"));
            assertTrue(summary.contains("\"status\": \"failed\""), summary);
            assertTrue(summary.contains("cannot start"), summary);
        }
        assertTrue(Files.readString(dir.resolve("report.md")).contains("failed: cannot start"));
    }

    /**
     * An {@code -Xmx} of the user's own is what a mem cell runs with, and so what the record and the report
     * give, not the heap rule's (which they gave before: a ten-million run with -Xmx20g recorded -Xmx16873m).
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void memCellsRecordTheUsersOwnHeap(@TempDir Path out) throws IOException {
        Outcome run = harness("run", "--transport", "mem", "--profile", "ci", "--connections", "1000",
                "--servers", "proactor-act", "--server-jvm-flags", "-Xms64m -Xmx300m -XX:+UseG1GC", "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        assertFalse(run.err().contains("cell JVM heap"), "the rule is not printed when it does not apply: " + run.err());
        Path dir = onlyRun(out);
        String meta = Files.readString(dir.resolve("meta.json"));
        assertTrue(meta.contains("\"proactor-act/idle-connections\": \"-Xmx300m\""), "the user's heap is recorded: " + meta);
        assertTrue(Files.readString(dir.resolve("report.md")).contains("proactor-act/idle-connections -Xmx300m"),
                "and reported");
        assertTrue(Files.readString(dir.resolve("proactor-act").resolve("idle-connections").resolve("summary.json"))
                .contains("-Xmx300m (the -Xmx of --server-jvm-flags)"));
    }

    /**
     * A mem cell whose heap runs out ends at once and says so: its JVM exits at the first OutOfMemoryError,
     * and the failure's reason is that error, not what another thread said after it.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aMemCellOutOfHeapEndsAtOnceAndSaysSo(@TempDir Path out) throws IOException {
        Outcome run = harness("run", "--transport", "mem", "--profile", "ci", "--connections", "200000",
                "--servers", "virtual-threads", "--server-jvm-flags", "-Xms32m -Xmx64m -XX:+UseG1GC", "--out", out.toString());
        assertEquals(1, run.exit(), run.err());
        String summary = Files.readString(onlyRun(out).resolve("virtual-threads").resolve("idle-connections").resolve("summary.json"));
        assertTrue(summary.contains("\"kind\": \"out-of-memory\""), summary);
        assertTrue(summary.contains("\"reason\": \"the cell's JVM exited with code 3: Terminating due to java.lang.OutOfMemoryError"),
                summary);
    }

    /**
     * The reduced million: 20,000 connections over mem for the two servers that must reach a million, each cell
     * in a JVM of its own. Every connection is opened, held by the server, read for memory, then used.
     */
    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void memIdleConnectionsHoldsAndUsesTwentyThousandConnectionsPerServer(@TempDir Path out) throws IOException {
        Outcome run = harness("run", "--transport", "mem", "--profile", "ci", "--connections", "20000",
                "--servers", "virtual-threads,proactor-act", "--out", out.toString(), "--name", "mem");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("cell JVM heap -Xmx1083m"), "the heap is printed: " + run.err());
        Path dir = onlyRun(out);
        String meta = Files.readString(dir.resolve("meta.json"));
        assertTrue(meta.contains("\"transport\": \"mem\"") && meta.contains("\"virtual-threads/idle-connections\": \"-Xmx1083m\""),
                "the heap is recorded: " + meta);
        for (String server : List.of("virtual-threads", "proactor-act")) {
            Path cell = dir.resolve(server).resolve("idle-connections");
            assertTrue(Files.isRegularFile(cell.resolve("histograms.hlog")), cell + "/histograms.hlog");
            String summary = Files.readString(cell.resolve("summary.json"));
            assertEquals(20_000, number(summary, "opened"), summary);
            assertEquals(20_000, number(summary, "used"), "every connection carried a request: " + summary);
            assertHeldEveryConnection(summary, 20_000);
            assertTrue(number(memory(summary), "heap_bytes_per_connection") > 0, summary);
            assertTrue(summary.contains("\"thread_groups\"") && summary.contains("\"in_process\": true"), summary);
            assertTrue(number(memory(summary), "threads") < 100, "no thread per connection: " + summary);
        }
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("Transport: mem") && report.contains("| connections used | 20,000 (×1.00) | 20,000 (×1.00) |"),
                report);
    }

    /**
     * A breaking-point climb whose second step is refused (the servers take at most 1,200 connections): the run
     * records where and why, and goes on to the next server; over mem and over tcp.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aBreakingPointClimbStopsAtTheFirstFailingStepAndTheRunGoesOn(@TempDir Path out) throws IOException {
        for (String transport : List.of("mem", "tcp")) {
            Path into = out.resolve(transport);
            Outcome run = harness("run", "--transport", transport, "--profile", "ci", "--scenarios", "breaking-point",
                    "--connections", "1500", "--servers", "sync-threads,proactor-act", "--server-args", "--max-connections 1200",
                    "--out", into.toString());
            assertEquals(0, run.exit(), "a climb that finds its failure is a result: " + run.err());
            Path dir = onlyRun(into);
            for (String server : List.of("sync-threads", "proactor-act")) {
                Path cell = dir.resolve(server).resolve("breaking-point");
                String summary = Files.readString(cell.resolve("summary.json"));
                assertEquals(1000, number(summary, "reached"), summary);
                assertEquals(1500, number(summary, "failed_at"), summary);
                assertSomeOverTheLimitClosed(summary, 1500, 1200);
                assertTrue(Files.isRegularFile(cell.resolve("1000").resolve("summary.json")), "each step has its folder");
                assertTrue(Files.readString(cell.resolve("1500").resolve("summary.json")).contains("\"status\": \"failed\""));
            }
            String report = Files.readString(dir.resolve("report.md"));
            assertTrue(report.contains("### sync-threads") && report.contains("### proactor-act")
                    && report.contains("**fails at 1,500 connections** (the last step that held: 1,000)"), report);
        }
    }

    /**
     * Two rounds over mem with tiny windows: each repeat in its folder, the aggregate beside them with the spread
     * of every metric, the rounds recorded in meta.json and named in the progress.
     */
    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void repeatRunsEveryCellInRoundsAndWritesTheirAggregate(@TempDir Path out) throws IOException {
        Outcome run = harness("run", "--transport", "mem", "--profile", "ci", "--scenarios", "echo", "--repeat", "2",
                "--servers", "sync-threads,proactor-act", "--warmup", "200ms", "--duration", "500ms",
                "--out", out.toString(), "--name", "repeat");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("[3/4] round 2: proactor-act / echo"), "the second round starts with the next server: "
                + run.err());
        Path dir = onlyRun(out);
        String meta = Files.readString(dir.resolve("meta.json"));
        assertTrue(meta.contains("\"repeats\": 2") && meta.contains("\"generator_warmup\": null"), meta);
        for (String server : List.of("sync-threads", "proactor-act")) {
            Path cell = dir.resolve(server).resolve("echo");
            for (String repeat : List.of("repeat-1", "repeat-2")) {
                assertTrue(Files.isRegularFile(cell.resolve(repeat).resolve("histograms.hlog")), cell + "/" + repeat);
                assertTrue(number(Files.readString(cell.resolve(repeat).resolve("summary.json")), "completed") > 0);
            }
            String aggregate = Files.readString(cell.resolve("summary.json"));
            assertTrue(aggregate.contains("\"n\": 2") && aggregate.contains("\"path\": \"repeat-2\"")
                    && aggregate.contains("\"latency_us.p99\": {") && aggregate.contains("\"throughput_rps\": {"), aggregate);
            Matcher values = Pattern.compile("\"throughput_rps\": \\{[^}]*\"values\": \\[([^]]*)]").matcher(aggregate);
            assertTrue(values.find(), aggregate);
            assertEquals(2, values.group(1).split(",").length, "one value per repeat: " + aggregate);
        }
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("Each cell ran 2 times") && report.contains("–"), report);
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aBlockingCallCellReadsMemoryPerConnectionAndThePoolsThreads(@TempDir Path out) throws IOException {
        for (String transport : List.of("tcp", "mem")) {
            Outcome run = harness("run", "--transport", transport, "--profile", "ci", "--scenarios", "blocking-call-100",
                    "--connections", "20", "--servers", "sync-threads,proactor-act", "--out", out.resolve(transport).toString(),
                    "--name", "blocking");
            assertEquals(0, run.exit(), run.err());
            Path dir = onlyRun(out.resolve(transport));
            String sync = Files.readString(dir.resolve("sync-threads/blocking-call-100/summary.json"));
            String proactor = Files.readString(dir.resolve("proactor-act/blocking-call-100/summary.json"));
            for (String summary : List.of(sync, proactor)) {
                assertTrue(number(summary, "completed") > 0, summary);
                assertHeldEveryConnection(summary, 20);
                assertTrue(memory(summary).contains("\"heap_bytes_per_connection\": "), summary);
            }
            // counts: a platform thread per connection held, none of a pool; the proactor's pool started by the
            // calls, never beyond its 20 threads
            assertTrue(number(memory(sync), "threads") >= 20, sync);
            assertEquals(0, number(sync, "blocking_pool_threads"), sync);
            double pool = number(proactor, "blocking_pool_threads");
            assertTrue(pool >= 1 && pool <= 20, transport + ": " + pool + " pool threads: " + proactor);
            String report = Files.readString(dir.resolve("report.md"));
            for (String row : List.of("| server heap bytes / idle connection |", "| server RSS bytes / idle connection |",
                    "| server threads, connections held |", "| server Session.blocking pool threads, window's end |")) {
                assertTrue(report.contains(row), transport + ": " + row + " in\n" + report);
            }
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void misuseIsOneLineAndExitTwo(@TempDir Path out) {
        for (String[] args : List.of(
                new String[] {"run", "--servers", "no-such-server"},
                new String[] {"run", "--profile", "huge"},
                new String[] {"run", "--scenarios", "nope"},
                new String[] {"run", "--duration", "ten"},
                new String[] {"run", "--connections", "-5"},
                new String[] {"run", "--name", "a b"},
                new String[] {"run", "--repeat", "0"})) {
            Outcome run = harness(args);
            assertEquals(2, run.exit(), String.join(" ", args) + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), "one line: " + run.err());
        }
    }
}
