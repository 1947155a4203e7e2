package dev.harness.cli.measure;

import java.util.Map;

/**
 * What a server held while its connections were idle: the {@code memory} object of an idle-connections
 * cell's {@code summary.json} ({@code results/README.md} describes each field). Read by a
 * {@link MemoryProbe} before the connections opened and while they were held.
 *
 * @param connectionsHeld         connections the server held when it was read
 * @param heapBytesPerConnection  heap held less before, per connection held (over mem less the transport's
 *                                share too); null when the heap could not be read
 * @param rssBytesPerConnection   RSS held less before, per connection held; null when none was held
 * @param threads                 the server's threads while the connections were held
 * @param heapBytesBefore         the heap before; null when it could not be read
 * @param heapBytesHeld           the heap while held; null when it could not be read
 * @param rssBytesBefore          RSS before
 * @param rssBytesHeld            RSS while held
 * @param threadsBefore           the server's threads before
 * @param heapSource              how the heap was read
 * @param settleMillis            how long the server took, after the last connect, to take every connection
 * @param inProcess               over mem, the share of the JVM's heap that is not the server's; null over tcp
 */
public record IdleMemory(int connectionsHeld, Double heapBytesPerConnection, Double rssBytesPerConnection, int threads,
                         Long heapBytesBefore, Long heapBytesHeld, long rssBytesBefore, long rssBytesHeld, int threadsBefore,
                         String heapSource, long settleMillis, InProcess inProcess) {

    /**
     * Over mem, where server, generator and transport share one heap.
     *
     * @param jvmHeapBytesPerConnection the whole JVM's heap per connection, before the transport's share is taken out
     * @param connectionsOpened         what the generator opened
     * @param transportBaseline         the transport's own share, measured just before
     */
    public record InProcess(Double jvmHeapBytesPerConnection, int connectionsOpened, TransportBaseline transportBaseline) {
    }

    /** These figures less the transport's share of the heap, over mem: {@code opened} connections were opened. */
    public IdleMemory lessTransport(TransportBaseline baseline, int opened) {
        Double server = heapBytesPerConnection == null ? null
                : ServerCosts.round(heapBytesPerConnection - baseline.heapBytesPerConnection());
        return new IdleMemory(connectionsHeld, server, rssBytesPerConnection, threads, heapBytesBefore, heapBytesHeld,
                rssBytesBefore, rssBytesHeld, threadsBefore, heapSource, settleMillis,
                new InProcess(heapBytesPerConnection, opened, baseline));
    }

    /** The {@code memory} object of summary.json. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = JsonFields.objectOf("connections_held", connectionsHeld,
                "heap_bytes_per_connection", heapBytesPerConnection, "rss_bytes_per_connection", rssBytesPerConnection,
                "threads", threads, "heap_bytes_before", heapBytesBefore, "heap_bytes_held", heapBytesHeld,
                "rss_bytes_before", rssBytesBefore, "rss_bytes_held", rssBytesHeld, "threads_before", threadsBefore,
                "heap_source", heapSource, "settle_ms", settleMillis);
        if (inProcess != null) {
            json.put("jvm_heap_bytes_per_connection", inProcess.jvmHeapBytesPerConnection());
            json.put("connections_opened", inProcess.connectionsOpened());
            json.put("transport_baseline", inProcess.transportBaseline().toJson());
        }
        return json;
    }

    /** The record {@link #toJson()} wrote; null for a null object. */
    public static IdleMemory fromJson(JsonFields json) {
        if (json == null) {
            return null;
        }
        InProcess inProcess = json.has("transport_baseline") ? new InProcess(json.number("jvm_heap_bytes_per_connection"),
                json.integer("connections_opened"), TransportBaseline.fromJson(json.object("transport_baseline"))) : null;
        return new IdleMemory(json.integer("connections_held"), json.number("heap_bytes_per_connection"),
                json.number("rss_bytes_per_connection"), json.integer("threads"), json.whole("heap_bytes_before"),
                json.whole("heap_bytes_held"), json.whole("rss_bytes_before"), json.whole("rss_bytes_held"),
                json.integer("threads_before"), json.text("heap_source"), json.whole("settle_ms"), inProcess);
    }
}
