package dev.harness.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.measure.JsonReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenarios that reproduce the seeds' trade-offs, end to end on small numbers: a chain of services
 * ({@code relay}), one ACT answered many times ({@code subscribe}), a downstream that never answers
 * ({@code silent-downstream}) and a storm of connects over a delayed mem link ({@code connect-storm}). Asserts
 * what each cell did (counts, and lower bounds that the link delay sets), never how fast.
 */
class TradeOffScenariosTest {

    private static JsonFields summary(Path run, String server, String scenario) throws IOException {
        return JsonFields.of(JsonReader.read(Files.readString(run.resolve(server).resolve(scenario).resolve("summary.json"))));
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void relaySubscribeAndASilentDownstreamRunOnTheThreadAndProactorServers(@TempDir Path out) throws IOException {
        MisuseTest.Outcome run = MisuseTest.harness("run", "--scenarios", "relay,subscribe,silent-downstream", "--servers", "sync-threads,proactor-act",
                "--connections", "4", "--duration", "1s", "--warmup", "200ms", "--repeat", "1", "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        Path dir = RunCommandTest.onlyRun(out);
        for (String server : List.of("sync-threads", "proactor-act")) {
            JsonFields relay = summary(dir, server, "relay");
            assertTrue(relay.object("requests").whole("completed") > 0, "RELAY answered through the downstream: " + relay.map());

            JsonFields subscribe = summary(dir, server, "subscribe").object("requests");
            assertTrue(subscribe.whole("completed") > 0, subscribe.map().toString());
            assertTrue(subscribe.whole("events") >= 10 * subscribe.whole("completed"), "ten events per ACT: " + subscribe.map());
            assertEquals(0, subscribe.object("errors_by_kind").whole("wrong_frames"), subscribe.map().toString());

            JsonFields silent = summary(dir, server, "silent-downstream");
            JsonFields downstream = silent.object("downstream");
            assertTrue(downstream.whole("calls") > 0, "calls reached the silent downstream: " + downstream.map());
            assertEquals(0, silent.object("requests").whole("completed"), "no call is ever answered OK");
            assertTrue(silent.object("requests").whole("errors") > 0, "timed-out calls are answered with an error");
            List<JsonFields> timeline = downstream.objects("timeline");
            assertTrue(timeline.size() >= 3, "a sample about each second of a window of at least 6 s: " + timeline);
            assertEquals("after", timeline.getLast().text("phase"), "a last sample once every call had its timeout");
            for (JsonFields s : timeline) {
                assertTrue(s.whole("rss_bytes") > 0 && s.whole("threads") > 0, "the server's RSS and threads: " + s.map());
                assertTrue(s.whole("calls_waiting") <= s.whole("calls"), s.map().toString());
            }
        }
        JsonFields syncDownstream = summary(dir, "sync-threads", "silent-downstream").object("downstream");
        assertTrue(syncDownstream.whole("closed_by_server") > 0,
                "a thread server closes the channel of a call that timed out: " + syncDownstream.map());
        for (JsonFields s : syncDownstream.objects("timeline")) {
            assertTrue(s.whole("calls_waiting") <= 4, "one call at a time per connection: " + s.map());
        }
        JsonFields proactorDownstream = summary(dir, "proactor-act", "silent-downstream").object("downstream");
        assertEquals(0, proactorDownstream.objects("timeline").getLast().whole("calls_waiting"),
                "the proactor's calls all reclaimed once the load is over: " + proactorDownstream.map());
        int loops = Runtime.getRuntime().availableProcessors();
        for (JsonFields s : proactorDownstream.objects("timeline")) {
            assertTrue(s.whole("connections_open") <= loops, "one downstream connection per event loop, every call"
                    + " multiplexed on it: " + s.map());
        }
        assertEquals(0, summary(dir, "sync-threads", "relay").object("requests").whole("out_of_order"),
                "one call at a time per connection: answers in order");
        assertTrue(Files.readString(dir.resolve("report.md")).contains("## silent-downstream"));
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aConnectStormOverADelayedMemLinkCostsTheSyncConnectorARoundTripPerConnection(@TempDir Path out) throws IOException {
        MisuseTest.Outcome run = MisuseTest.harness("run", "--transport", "mem", "--scenarios", "connect-storm", "--servers", "proactor-act",
                "--connections", "20", "--link-delay", "5ms", "--duration", "1s", "--warmup", "200ms", "--repeat", "1",
                "--out", out.toString());
        assertEquals(0, run.code(), run.err());
        Path dir = RunCommandTest.onlyRun(out);
        assertTrue(Files.readString(dir.resolve("meta.json")).contains("\"link_delay_us\": 5000"));
        JsonFields sync = summary(dir, "proactor-act", "connect-storm-sync");
        JsonFields async = summary(dir, "proactor-act", "connect-storm-async");
        for (JsonFields cell : List.of(sync, async)) {
            assertEquals(20, cell.object("connections").whole("opened"), cell.map().toString());
            assertTrue(cell.object("latency_us").number("p50") >= 10_000, "a request and its answer cross the link: "
                    + cell.object("latency_us").map());
        }
        assertEquals("sync", sync.object("connections").text("connector"));
        assertEquals("async", async.object("connections").text("connector"));
        assertTrue(sync.object("connections").number("connect_all_ms") >= 20 * 10,
                "one round trip of 10 ms per connection, one after another: " + sync.object("connections").map());
        String report = Files.readString(dir.resolve("report.md"));
        assertTrue(report.contains("| time to open them all, ms |"), report);
    }
}
