package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.options.LoadOptions;
import dev.harness.conformance.PacedActServer;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactories;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadCommandTest {

    record Outcome(int code, String out, String err) {
    }

    private static Outcome harness(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(args);
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void assertOneLineMisuse(Outcome o, String expectedFragment) {
        assertEquals(2, o.code(), o.err());
        assertTrue(o.err().startsWith("harness load: "), o.err());
        assertEquals(1, o.err().lines().count(), "one line: " + o.err());
        assertTrue(o.err().contains(expectedFragment), o.err());
    }

    @Test
    void helpListsOptionsAndExamples() {
        Outcome o = harness("load", "--help");
        assertEquals(0, o.code());
        for (String s : List.of("--target", "--rate", "--connector", "--source-address", "--inflight", "examples:",
                "harness load --target 127.0.0.1:8080 --protocol http")) {
            assertTrue(o.out().contains(s), s);
        }
        assertTrue(harness("--help").out().contains("load "), "listed in harness --help");
    }

    @Test
    void badValuesExit2WithOneClearLine() {
        String t = "127.0.0.1:9";
        assertOneLineMisuse(harness("load", "--target", "nohost"), "--target takes HOST:PORT");
        assertOneLineMisuse(harness("load", "--target", "127.0.0.1:0"), "port must be 1..65535");
        assertOneLineMisuse(harness("load", "--target", "no-such-host.invalid:80"), "cannot resolve host");
        assertOneLineMisuse(harness("load", "--target", t, "--connections", "0"), "--connections must be from 1");
        assertOneLineMisuse(harness("load", "--target", t, "--connections", "many"), "--connections takes a whole number");
        assertOneLineMisuse(harness("load", "--target", t, "--rate", "-5"), "--rate must be a positive number");
        assertOneLineMisuse(harness("load", "--target", t, "--rate", "fast"), "--rate takes a number");
        assertOneLineMisuse(harness("load", "--target", t, "--duration", "10x"), "unknown unit 'x'");
        assertOneLineMisuse(harness("load", "--target", t, "--protocol", "ftp"), "--protocol takes one of act, http");
        assertOneLineMisuse(harness("load", "--target", t, "--workload", "sleep"), "--workload takes one of echo, work");
        assertOneLineMisuse(harness("load", "--target", t, "--connector", "lazy"), "--connector takes one of sync, async");
        assertOneLineMisuse(harness("load", "--target", t, "--arrival", "poisson"), "--arrival applies to open loop only");
        assertOneLineMisuse(harness("load", "--target", t, "--threads", "4", "--connections", "2"), "cannot exceed --connections");
        assertOneLineMisuse(harness("load", "--target", t, "--source-address", ","), "--source-address takes");
    }

    @Test
    void missingTargetIsMisuse() {
        Outcome o = harness("load", "--rate", "10");
        assertEquals(2, o.code());
        assertTrue(o.err().startsWith("harness load: Missing required option: target"), o.err());
    }

    @Test
    void aPlanOverTheMachinesLimitsIsRefusedBeforeAnythingStarts() {
        Outcome o = harness("load", "--target", "127.0.0.1:9", "--connections", "5000000", "--quiet");
        assertOneLineMisuse(o, "cannot open 5000000 connections");
    }

    @Test
    void anUnreachableTargetExits2() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertOneLineMisuse(harness("load", "--target", "127.0.0.1:" + port, "--connections", "2", "--quiet"),
                "cannot connect to 127.0.0.1:" + port);
    }

    @Test
    void aShortRunWritesItsFilesAndASummary(@TempDir Path dir) throws Exception {
        try (Server server = ServerFactories.byName("virtual-threads").start(ServerConfig.loopback())) {
            String target = "127.0.0.1:" + server.address().getPort();
            List<String> args = new ArrayList<>(List.of("load", "--target", target, "--connections", "4", "--inflight", "2",
                    "--duration", "300ms", "--out", dir.toString(), "--quiet"));
            Outcome o = harness(args.toArray(String[]::new));
            assertEquals(0, o.code(), o.err());
            assertTrue(o.out().contains("closed loop"), o.out());
            assertEquals("", o.err(), "--quiet: no progress lines");
            String json = Files.readString(dir.resolve("summary.json"));
            assertTrue(json.contains("\"partial\": false"));
            assertTrue(json.contains("\"command_line\": \"harness load --target " + target), json);
            assertTrue(Files.exists(dir.resolve("histograms.hlog")));

            Outcome open = harness("load", "--target", target, "--protocol", "http", "--rate", "500", "--arrival", "poisson",
                    "--connections", "4", "--duration", "1200ms", "--out", dir.resolve("open").toString(),
                    "--saturation-lag", "1s");   // a loaded test machine must not make 500 req/s look overloaded
            assertEquals(0, open.code(), open.err());
            assertTrue(open.out().contains("open loop at 500 req/s"), open.out());
            assertTrue(open.err().contains("req/s") && open.err().contains("p99"), "progress lines: " + open.err());
        }
    }

    @Test
    void aServerSlowerThanTheRateMakesTheRunOverloadedAndExit3(@TempDir Path dir) throws Exception {
        try (PacedActServer server = new PacedActServer(100)) {
            Outcome o = harness("load", "--target", "127.0.0.1:" + server.address().getPort(), "--rate", "1000",
                    "--connections", "4", "--warmup", "0s", "--duration", "1s", "--timeout", "500ms",
                    "--out", dir.toString(), "--quiet");
            assertEquals(LoadOptions.EXIT_OVERLOADED, o.code(), o.out() + o.err());
            assertTrue(o.out().contains("OVERLOADED: ") && o.out().contains("were never answered"), o.out());
            String json = Files.readString(dir.resolve("summary.json"));
            for (String field : List.of("\"status\": \"overloaded\"", "\"intended\": ", "\"unanswered\": ",
                    "\"completed_in_window\": ", "\"lower_bound\": true", "\"answered_latency_us\"")) {
                assertTrue(json.contains(field), field + " in " + json);
            }
        }
    }

    @Test
    void overMemTheServerRunsInThisJvmAndItsCostsArePerThreadGroup(@TempDir Path dir) throws Exception {
        Outcome o = harness("load", "--transport", "mem", "--server", "proactor-act", "--loops", "1", "--connections", "50",
                "--hold", "100ms", "--rate", "1000", "--duration", "500ms", "--saturation-lag", "1s", "--out", dir.toString(),
                "--quiet");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("proactor-act in this JVM over mem") && o.out().contains("held idle    50 connections"),
                o.out());
        String json = Files.readString(dir.resolve("summary.json"));
        for (String field : List.of("\"transport\": \"mem\"", "\"in_process\": true", "\"thread_groups\"", "\"generator\": {",
                "\"connections_held\": 50", "\"transport_baseline\"", "\"used\": 50")) {
            assertTrue(json.contains(field), field + " in " + json);
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("proactor-")),
                "the server was shut down");
    }
}
