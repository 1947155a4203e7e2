package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.MisuseTest.Outcome;
import dev.harness.cli.compare.ResultsFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code harness compare} on crafted results folders: noise within tolerance passes, a regression of a count
 * or a rate exits 1, overlapping repeats pass, a cell that is not ok is named and not judged, goals are
 * checked, and misuse or folders that cannot be compared exit 2.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CompareCommandTest {

    @TempDir
    Path dir;

    private ResultsFixture baseline() {
        return ResultsFixture.of(dir.resolve("baseline"));
    }

    private ResultsFixture current() {
        return ResultsFixture.of(dir.resolve("current"));
    }

    private static Outcome compare(Path baseline, Path current, String... more) {
        String[] args = new String[more.length + 3];
        args[0] = "compare";
        args[1] = baseline.toString();
        args[2] = current.toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return MisuseTest.harness(args);
    }

    private static String line(Outcome outcome, String cell, String what) {
        return outcome.out().lines().filter(l -> l.startsWith(cell + " ") && l.contains(" " + what + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + cell + " " + what + " in\n" + outcome.out()));
    }

    @Test
    void theSameFiguresPass() {
        Outcome o = compare(baseline().write(), current().write());
        assertEquals(0, o.code(), o.err() + o.out());
        assertTrue(o.out().contains("PASS: 0 regressions"), o.out());
        assertTrue(line(o, "echo/proactor-act", "p99_us / sync-threads").contains(" ok "), o.out());
    }

    @Test
    void noiseWithinTolerancePasses() {
        Outcome o = compare(baseline().write(), current()
                .set("proactor-act/echo", "throughput_rps", 40_000)
                .set("sync-threads/echo", "p99", 3_000)
                .set("virtual-threads/echo", "ctx", 0.6)
                .set("sync-threads/idle-connections", "threads", 26)
                .set("proactor-act/idle-connections", "heap", 1_100)
                .write());
        assertEquals(0, o.code(), o.out());
    }

    @Test
    void aCountThatRegressedExitsOne() {
        Outcome o = compare(baseline().write(), current().set("proactor-act/echo", "ctx", 5).write());
        assertEquals(1, o.code(), o.out());
        assertTrue(line(o, "echo/proactor-act", "ctx_switches_per_request").contains("REGRESSION"), o.out());
        assertTrue(line(o, "echo/sync-threads", "ctx_switches_per_request").contains(" ok "), o.out());
        assertTrue(o.out().contains("FAIL: 1 regression"), o.out());
    }

    @Test
    void aRateThatFellForOneServerRegressesAgainstTheBaselineAndAsASameRunRatio() {
        Outcome o = compare(baseline().write(), current().set("proactor-act/echo", "throughput_rps", 5_000).write());
        assertEquals(1, o.code(), o.out());
        assertTrue(line(o, "echo/proactor-act", "throughput_rps").contains("REGRESSION"), o.out());
        assertTrue(line(o, "echo/proactor-act", "throughput_rps / sync-threads").contains("REGRESSION"), o.out());
    }

    @Test
    void aMachineSlowerForEveryServerMovesNoRatio() {
        ResultsFixture slower = current();
        for (String server : ResultsFixture.SERVERS) {
            slower.set(server + "/echo", "p50", 600);
        }
        Outcome o = compare(baseline().write(), slower.write());
        assertTrue(line(o, "echo/proactor-act", "p50_us / sync-threads").contains(" ok "), o.out());
    }

    @Test
    void overlappingRepeatsAreNotARegressionEvenWhenTheMediansAreFarApart() {
        Path base = baseline().repeats("proactor-act/echo", "latency_us.p99", 1_000, 2_000, 30_000).write();
        Outcome pass = compare(base, current().repeats("proactor-act/echo", "latency_us.p99", 20_000, 60_000, 90_000).write());
        assertEquals(0, pass.code(), pass.out());
        assertTrue(line(pass, "echo/proactor-act", "p99_us").contains("60,000 [20,000–90,000]"), pass.out());
        Path apart = ResultsFixture.of(dir.resolve("apart"))
                .repeats("proactor-act/echo", "latency_us.p99", 500_000, 600_000, 900_000).write();
        assertEquals(1, compare(base, apart).code());
    }

    @Test
    void aDifferenceWithinTheResolutionTheRepeatsStateIsNotARegression() {
        Path base = baseline().write();
        Path worse = ResultsFixture.of(dir.resolve("worse")).set("proactor-act/idle-connections", "heap", 1_600).write();
        assertEquals(1, compare(base, worse).code());
        Path coarse = ResultsFixture.of(dir.resolve("coarse")).with("proactor-act/idle-connections", """
                "repeats": {"n": 3, "runs": [], "metrics": {"server.memory.heap_bytes_per_connection":
                 {"median": 1600, "min": 1600, "max": 1600, "values": [1600, 1600, 1600], "resolution": 1000}}}""").write();
        Outcome o = compare(base, coarse);
        assertEquals(0, o.code(), o.out());
        assertTrue(line(o, "idle-connections/proactor-act", "heap_bytes_per_connection").contains("allowed ×1.25 or 1,000"),
                o.out());
    }

    @Test
    void aCellThatIsNotOkIsNamedNotJudged() {
        Outcome o = compare(baseline().write(), current()
                .with("proactor-act/echo", "\"status\": \"overloaded\", \"cell\": {\"status\": \"overloaded\","
                        + " \"reason\": \"41.5 % unanswered\"}")
                .set("proactor-act/echo", "ctx", 5).write());
        assertEquals(0, o.code(), o.out());
        assertTrue(line(o, "echo/proactor-act", "cell").contains("not compared"), o.out());
        assertTrue(line(o, "echo/proactor-act", "cell").contains("overloaded"), o.out());
    }

    @Test
    void aLoadStatusThatRunDidNotJudgeLeavesTheCellJudged() {
        Outcome o = compare(baseline().write(), current()
                .with("proactor-act/idle-connections", "\"status\": \"overloaded\"").write());
        assertEquals(0, o.code(), o.out());
        assertTrue(line(o, "idle-connections/proactor-act", "heap_bytes_per_connection").contains("ok"), o.out());
    }

    @Test
    void aMetricTheTolerancesDoNotJudgeInAScenarioIsNamedNotJudged() throws IOException {
        Path file = Files.writeString(dir.resolve("t.json"), """
                {"metrics": {"p99_us": {"factor": 4, "floor": 0, "ratio_factor": 4, "reason": "r",
                 "not_for": {"echo": "too noisy here"}}}}
                """);
        Outcome o = compare(baseline().write(), current().set("proactor-act/echo", "p99", 9_000_000).write(),
                "--tolerances", file.toString());
        assertEquals(0, o.code(), o.out());
        assertTrue(line(o, "echo/proactor-act", "p99_us").contains("not judged in echo: too noisy here"), o.out());
    }

    @Test
    void aCellReadHoldingMoreConnectionsThanItOpenedIsNotValid() {
        Outcome o = compare(baseline().write(), current()
                .set("sync-threads/idle-connections", "held", 386).set("sync-threads/idle-connections", "heap", 500).write());
        assertEquals(0, o.code(), o.out());
        assertTrue(line(o, "idle-connections/sync-threads", "cell").contains("holding 386 connections of 200"), o.out());
    }

    @Test
    void aFailedRepeatMakesTheCellNotOk() {
        Outcome o = compare(baseline().write(), current().with("sync-threads/echo",
                "\"repeats\": {\"n\": 2, \"runs\": [{\"repeat\": 1, \"status\": \"ok\"}, {\"repeat\": 2, \"status\": \"failed\"}]}")
                .write());
        assertTrue(line(o, "echo/sync-threads", "cell").contains("repeat 2: failed"), o.out());
    }

    @Test
    void aDifferentMachineWarnsOnly() {
        Outcome o = compare(baseline().write(), current().kernel("6.19.0").write());
        assertEquals(0, o.code(), o.out());
        assertTrue(o.out().contains("warning: different machine or JVM: machine.kernel: 6.18.44 vs 6.19.0"), o.out());
    }

    @Test
    void goalsAreCheckedOnTheCurrentRun() {
        Path base = baseline().write();
        Path cur = current().write();
        assertEquals(0, compare(base, cur, "--threshold", "echo.proactor-act.p99_us<5000").code());
        Outcome missed = compare(base, cur, "--threshold", "echo.*.p99_us<1000", "--threshold", "*.*.threads<=25");
        assertEquals(1, missed.code(), missed.out());
        assertTrue(line(missed, "echo/virtual-threads", "echo.*.p99_us<1000").contains("GOAL MISSED"), missed.out());
        assertTrue(missed.out().contains("3 goals missed"), missed.out());
    }

    @Test
    void goalsInATolerancesFileCountToo() throws IOException {
        Path file = Files.writeString(dir.resolve("t.json"), "{\"thresholds\": [\"idle-connections.*.heap_bytes_per_connection<500\"]}");
        Outcome o = compare(baseline().write(), current().write(), "--tolerances", file.toString());
        assertEquals(1, o.code(), o.out());
    }

    @Test
    void theMarkdownTableIsWritten() throws IOException {
        Path md = dir.resolve("compare.md");
        Outcome o = compare(baseline().write(), current().set("proactor-act/echo", "ctx", 5).write(), "--markdown", md.toString());
        assertEquals(1, o.code(), o.out());
        String text = Files.readString(md);
        assertTrue(text.contains("| cell | metric | baseline | current | verdict | change, allowed |"), text);
        assertTrue(text.contains("| echo/proactor-act | `ctx_switches_per_request` | 0.500 | 5 | **REGRESSION** |"), text);
        assertTrue(text.contains("**FAIL: 1 regression"), text);
    }

    @Test
    void foldersWithDifferentCellsCannotBeCompared() {
        Outcome o = compare(baseline().write(), current().without("virtual-threads/idle-connections").write());
        assertEquals(2, o.code(), o.out());
        assertTrue(o.err().contains("only in the baseline: idle-connections/virtual-threads"), o.err());
    }

    @Test
    void cellsWithADifferentLoadCannotBeCompared() {
        Outcome o = compare(baseline().write(), current()
                .with("sync-threads/echo", "\"config\": {\"workload\": \"echo\", \"connections\": 100}").write());
        assertEquals(2, o.code(), o.out());
        assertTrue(o.err().contains("echo/sync-threads: config.connections: 10 vs 100"), o.err());
    }

    @Test
    void misuseExitsTwoWithOneLine() throws IOException {
        Path base = baseline().write();
        Path cur = current().write();
        for (Outcome o : new Outcome[] {
                MisuseTest.harness("compare", base.toString()),
                MisuseTest.harness("compare", base.toString(), cur.toString(), cur.toString()),
                compare(base, dir.resolve("nowhere")),
                compare(base, Files.createDirectories(dir.resolve("empty"))),
                compare(base, cur, "--threshold", "p99<5"),
                compare(base, cur, "--threshold", "echo.nginx.p99_us<5"),
                compare(base, cur, "--tolerances", dir.resolve("none.json").toString()),
                compare(base, cur, "--bogus")}) {
            assertEquals(2, o.code(), o.out() + o.err());
            assertEquals(1, o.err().lines().count(), o.err());
            assertTrue(o.err().startsWith("harness compare: "), o.err());
            assertFalse(o.out().contains("PASS"), o.out());
        }
    }

    @Test
    void helpNamesTheOperandsAndTheMetrics() {
        Outcome o = MisuseTest.harness("compare", "--help");
        assertEquals(0, o.code());
        assertTrue(o.out().contains("harness compare [OPTIONS] BASELINE CURRENT"), o.out());
        assertTrue(o.out().contains("--threshold") && o.out().contains("ctx_switches_per_request"), o.out());
    }
}
