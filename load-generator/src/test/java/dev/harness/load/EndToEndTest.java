package dev.harness.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.load.client.Protocol;
import dev.harness.load.client.Workload;
import dev.harness.load.connector.Connector;
import dev.harness.load.engine.LoopCounters;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactories;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Short runs against a real server ({@code virtual-threads}, in-process, loopback). Behaviour and counts only. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EndToEndTest {

    private Server server;

    @BeforeEach
    void start() throws Exception {
        server = ServerFactories.byName("virtual-threads").start(ServerConfig.loopback());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private LoadConfig.Builder plan() {
        return LoadConfig.builder(server.address()).duration(Duration.ofMillis(400)).connections(8).threads(2);
    }

    private static void assertConsistent(LoadResult r) {
        LoopCounters c = r.counters();
        assertFalse(r.partial(), "stop reason " + r.stopReason());
        assertTrue(c.completed > 0);
        assertEquals(0, r.errors(), r.summary().toString());
        assertEquals(c.sent, c.completed + c.unfinished + c.timeouts);
        assertEquals(c.completed, r.answeredLatency().getTotalCount());
        assertEquals(r.intended(), r.intendedLatency().getTotalCount(), "every intended request is in the latency");
        assertEquals(r.intended(), c.completed + r.unanswered());
        assertEquals(c.completed, r.serviceTime().getTotalCount());
    }

    @Test
    void closedLoopActEchoWithPipelining() throws Exception {
        LoadResult r = LoadRunner.run(plan().inflight(4).payloadBytes(100).build(), ProgressListener.NONE);
        assertConsistent(r);
        assertEquals(8, r.connectionsOpened());
        assertEquals(8, r.connectTime().getTotalCount());
        assertEquals("closed loop", r.summary().get("mode"));
        assertEquals(0, r.lag().getTotalCount(), "closed loop has no schedule");
    }

    @Test
    void closedLoopHttpEchoGetAndPost() throws Exception {
        assertConsistent(LoadRunner.run(plan().protocol(Protocol.HTTP).inflight(2).build(), ProgressListener.NONE));
        assertConsistent(LoadRunner.run(plan().protocol(Protocol.HTTP).payloadBytes(50).build(), ProgressListener.NONE));
    }

    @Test
    void workAndSubscribeOverBothProtocols() throws Exception {
        for (Protocol protocol : Protocol.values()) {
            assertConsistent(LoadRunner.run(plan().protocol(protocol).workload(Workload.WORK).cpuMicros(5).waitMicros(100)
                    .replyBytes(64).build(), ProgressListener.NONE));
            LoadResult sub = LoadRunner.run(plan().protocol(protocol).workload(Workload.SUBSCRIBE).events(3)
                    .intervalMicros(100).replyBytes(10).build(), ProgressListener.NONE);
            assertConsistent(sub);
            assertTrue(sub.counters().events >= 3 * sub.counters().completed, protocol + ": events " + sub.counters().events);
        }
    }

    @Test
    void openLoopSendsTheScheduleAndRecordsLag() throws Exception {
        LoadResult r = LoadRunner.run(plan().rate(2000).warmup(Duration.ofMillis(200)).inflight(2).build(), ProgressListener.NONE);
        assertConsistent(r);
        LoopCounters c = r.counters();
        // the uniform schedule has exactly 2000/s x 0.4 s = 800 requests intended in the measured window
        assertEquals(800, c.sent + c.dropped);
        assertEquals(c.sent, r.lag().getTotalCount());
        assertEquals("open loop", r.summary().get("mode"));
    }

    @Test
    void theIdleHoldSeesEveryConnectionOpenAndTheOpenLoopUsesEveryOne() throws Exception {
        LoadRunner.Connected[] seen = new LoadRunner.Connected[1];
        LoadRunner runner = new LoadRunner(plan().connections(50).threads(2).rate(1000).build(), ProgressListener.NONE,
                LoadRunner.WindowListener.NONE, connected -> {
                    seen[0] = connected;
                    Thread.sleep(200);
                });
        LoadResult r = runner.run();
        assertConsistent(r);
        assertEquals(50, seen[0].opened());
        assertEquals(0, seen[0].failed());
        assertEquals(r.connectElapsedNanos(), seen[0].connectNanos());
        assertTrue(r.idleHoldNanos() >= TimeUnit.MILLISECONDS.toNanos(200), "the hold lasts as long as the caller holds");
        // 1000/s x 0.4 s = 400 requests, 200 per I/O thread, round robin over its 25 connections
        assertEquals(50, r.connectionsUsed());
        assertEquals(50L, ((Map<?, ?>) r.summary().get("connections")).get("used"));
    }

    @Test
    void syncAndAsyncConnectorsOpenEveryConnection() throws Exception {
        for (Connector.Mode mode : Connector.Mode.values()) {
            LoadResult r = LoadRunner.run(plan().connector(mode).connections(40).threads(3).connectInFlight(7)
                    .duration(Duration.ofMillis(200)).build(), ProgressListener.NONE);
            assertConsistent(r);
            assertEquals(40, r.connectionsOpened(), mode.name());
            assertEquals(0, r.connectionsFailed());
            assertEquals(40, r.connectTime().getTotalCount());
        }
    }

    @Test
    void sourceAddressesSpreadConnectionsAndPoissonArrivalsRun() throws Exception {
        LoadResult r = LoadRunner.run(plan().connections(12).sourceAddresses(java.util.List.of(
                        java.net.InetAddress.getByName("127.0.0.2"), java.net.InetAddress.getByName("127.0.0.3")))
                .rate(1000).arrival(LoadConfig.Arrival.POISSON).seed(7).build(), ProgressListener.NONE);
        assertConsistent(r);
        assertEquals(12, r.connectionsOpened());
        assertEquals(java.util.List.of("127.0.0.2", "127.0.0.3"), r.config().toMap().get("source_addresses"));
    }

    @Test
    void resultFilesAreWrittenWithEveryField(@TempDir Path dir) throws Exception {
        LoadResult r = LoadRunner.run(plan().commandLine(java.util.List.of("harness", "load", "--x", "a\"b")).build(),
                ProgressListener.NONE);
        r.writeTo(dir);
        String json = Files.readString(dir.resolve("summary.json"));
        for (String key : new String[] {"\"throughput_rps\"", "\"latency_us\"", "\"p50\"", "\"p90\"", "\"p99\"", "\"p999\"",
                "\"max\"", "\"mean\"", "\"service_time_us\"", "\"lag_us\"", "\"requests\"", "\"sent\"", "\"completed\"",
                "\"errors\"", "\"out_of_order\"", "\"connections\"", "\"opened\"", "\"failed\"", "\"connect_us\"",
                "\"generator\"", "\"cpu_us_per_request\"", "\"ctx_switches_per_request\"", "\"threads\"", "\"saturated\"",
                "\"config\"", "\"partial\": false", "\"command_line\": \"harness load --x a\\\"b\""}) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        String log = Files.readString(dir.resolve("histograms.hlog"), StandardCharsets.UTF_8);
        assertTrue(log.contains("#[Histogram log format version"));
        assertTrue(log.contains("Tag=latency,") && log.contains("Tag=service,") && log.contains("Tag=lag,")
                && log.contains("Tag=connect,"));
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary files left");
        }
    }

    @Test
    void targetDeathStopsTheRunAsPartial(@TempDir Path dir) throws Exception {
        // the server dies once the measurement is under way, not on a timer that a slow connect could beat
        Thread killer = afterWindowOpens(() -> server.close());
        LoadRunner runner = new LoadRunner(plan().duration(Duration.ofSeconds(20)).build(), ProgressListener.NONE,
                startsOnOpen(killer));
        LoadResult r = runner.run();
        killer.join();
        assertTrue(r.partial());
        assertEquals("target_died", r.stopReason());
        assertTrue(r.counters().completed > 0);
        r.writeTo(dir);
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"partial\": true"));
    }

    /** A thread that runs {@code action} 300 ms after it starts: time for requests to complete first. */
    private static Thread afterWindowOpens(Runnable action) {
        return new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            action.run();
        });
    }

    private static LoadRunner.WindowListener startsOnOpen(Thread thread) {
        return new LoadRunner.WindowListener() {
            @Override
            public void opened() {
                thread.start();
            }

            @Override
            public void closed() {
            }
        };
    }

    @Test
    void stopMakesAPartialResult() throws Exception {
        LoadRunner[] runner = new LoadRunner[1];
        Thread stopper = afterWindowOpens(() -> runner[0].stop());
        runner[0] = new LoadRunner(plan().rate(1000).duration(Duration.ofSeconds(20)).build(), ProgressListener.NONE,
                startsOnOpen(stopper));
        LoadResult r = runner[0].run();
        stopper.join();
        assertTrue(r.partial());
        assertEquals("interrupted", r.stopReason());
        assertTrue(r.counters().completed > 0);
        assertEquals(Boolean.TRUE, r.summary().get("partial"));
    }

    @Test
    void timeLimitMakesAPartialResult() throws Exception {
        LoadResult r = LoadRunner.run(plan().duration(Duration.ofSeconds(20)).timeLimit(Duration.ofMillis(600)).build(),
                ProgressListener.NONE);
        assertTrue(r.partial());
        assertEquals("time_limit", r.stopReason());
    }

    @Test
    void progressIsReportedAboutOnceASecond() throws Exception {
        java.util.List<ProgressListener.Progress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        LoadRunner.run(plan().duration(Duration.ofMillis(2200)).build(), seen::add);
        assertTrue(seen.size() >= 1 && seen.size() <= 4, "progress lines: " + seen.size());
        assertTrue(seen.get(0).line().contains("req/s"));
    }

    @Test
    void anUnreachableTargetIsRefusedWithOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        LoadException e = assertThrows(LoadException.class, () -> LoadRunner.run(
                LoadConfig.builder(new InetSocketAddress("127.0.0.1", port)).connections(2).build(), ProgressListener.NONE));
        assertTrue(e.getMessage().startsWith("cannot connect to 127.0.0.1:" + port), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void summaryMapIsModifiableForCallersThatAddAServerObject(@TempDir Path dir) throws Exception {
        LoadResult r = LoadRunner.run(plan().duration(Duration.ofMillis(100)).build(), ProgressListener.NONE);
        Map<String, Object> s = r.summary();
        s.put("server", Map.of("name", "virtual-threads"));
        r.writeTo(dir, s);
        assertTrue(Files.readString(dir.resolve("summary.json")).contains("\"virtual-threads\""));
    }
}
