package dev.harness.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.measure.JsonReader;
import dev.harness.load.record.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The aggregate of a cell's repeats: median, min, max and values per metric, its resolution, its status. */
class RepeatsTest {

    @Test
    void medianMinAndMaxOfEachMetricInRepeatOrder() {
        Cell aggregate = Repeats.aggregate(List.of(Cells.load("a", 300, 900, Verdict.OK), Cells.load("a", 100, 700, Verdict.OK),
                Cells.load("a", 200, 800, Verdict.OK)), 3);
        Repeats repeats = ((Repeats.Aggregate) aggregate.summary()).repeats();
        Spread throughput = repeats.metrics().get("throughput_rps");
        assertEquals(200, throughput.median());
        assertEquals(100, throughput.min());
        assertEquals(300, throughput.max());
        assertEquals(List.of(300.0, 100.0, 200.0), throughput.values());
        assertNull(throughput.resolution(), "a rate has no resolution");
        assertEquals(800, repeats.metrics().get("latency_us.p99").median());
        assertEquals(List.of("repeat-1", "repeat-2", "repeat-3"), repeats.runs().stream().map(Repeats.Run::path).toList());
        assertTrue(aggregate.ok());
    }

    @Test
    void anEvenCountTakesTheMeanOfTheMiddleTwo() {
        assertEquals(250, Spread.of(List.of(400.0, 100.0, 200.0, 300.0), null).median());
    }

    @Test
    void theAggregateIsTheFirstRepeatThatWasNotOk() {
        Cell aggregate = Repeats.aggregate(List.of(Cells.load("a", 300, 900, Verdict.OK),
                Cells.load("a", 100, 700, Verdict.partial("stopped early"))), 2);
        assertEquals(CellStatus.PARTIAL, aggregate.status());
        assertEquals("repeat 2: stopped early", aggregate.reason());
        Cell short1 = Repeats.aggregate(List.of(Cells.load("a", 300, 900, Verdict.OK)), 2);
        assertFalse(short1.ok(), "fewer repeats than asked: " + short1.reason());
    }

    @Test
    void heapPerConnectionHasTheCollectorsNoiseAsResolution() {
        Cell tcp = Repeats.aggregate(List.of(Cells.idle("a", "tcp", 200, -1_940, 12_000)), 1);
        Spread heap = ((Repeats.Aggregate) tcp.summary()).repeats().metrics().get("server.memory.heap_bytes_per_connection");
        assertEquals((double) Metric.HEAP_NOISE_TCP_BYTES / 200, heap.resolution());
        assertTrue(heap.belowResolution(), "-1,940 B over 200 connections is noise");
        Spread rss = ((Repeats.Aggregate) tcp.summary()).repeats().metrics().get("server.memory.rss_bytes_per_connection");
        assertEquals((double) Metric.RSS_NOISE_TCP_BYTES / 200, rss.resolution());
        assertFalse(rss.belowResolution());
        Cell mem = Repeats.aggregate(List.of(Cells.idle("a", "mem", 100_000, 352, 601)), 1);
        Spread memHeap = ((Repeats.Aggregate) mem.summary()).repeats().metrics().get("server.memory.heap_bytes_per_connection");
        assertEquals((double) Metric.HEAP_NOISE_MEM_BYTES / 100_000, memHeap.resolution());
        assertFalse(memHeap.belowResolution());
    }

    @Test
    void oneRepeatKeepsItsSummaryAndAddsRepeats() {
        Cell single = Cells.load("a", 300, 900, Verdict.OK);
        Map<String, Object> json = Repeats.aggregate(List.of(single), 1).json();
        assertEquals(300.0, ((Number) json.get("throughput_rps")).doubleValue(), "the figures stay where they were");
        JsonFields repeats = JsonFields.of(JsonReader.read(Json.write(json))).object("repeats");
        assertEquals(1, repeats.integer("n"));
        assertEquals(".", repeats.objects("runs").getFirst().text("path"));
        assertEquals(900, repeats.object("metrics").number("latency_us.p99", "median"));
    }

    @Test
    void theRepeatsObjectReadsBackAsItWasWritten() {
        Cell aggregate = Repeats.aggregate(List.of(Cells.load("a", 300, 900, Verdict.OK), Cells.load("a", 100, 700, Verdict.OK)), 2);
        String written = Json.write(aggregate.json());
        JsonFields json = JsonFields.of(JsonReader.read(written));
        assertFalse(json.has("throughput_rps"), "several repeats: the figures are in the repeats' folders");
        Repeats back = Repeats.fromJson(json.object("repeats"));
        assertEquals(written, Json.write(new Repeats.Aggregate("a", ((Repeats.Aggregate) aggregate.summary()).cells(), back)
                .toJson()));
    }
}
