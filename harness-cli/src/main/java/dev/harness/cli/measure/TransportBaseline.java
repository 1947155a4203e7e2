package dev.harness.cli.measure;

import dev.harness.transport.Channel;
import dev.harness.transport.Key;
import dev.harness.transport.Listener;
import dev.harness.transport.Poller;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the mem transport itself holds per connection, measured so that it can be taken out of a server's
 * figure: {@code connections} connections to a listener that only accepts and keeps them (no thread, no
 * buffer, no state of any model), their client ends registered for reading with a poller as the
 * generator's are, heap read after a full collection before and while they are held.
 *
 * <p>Over tcp the two channel ends and their buffers are the kernel's; over mem they are objects in the
 * one heap that the server shares with the generator. The heap that a model holds per idle connection is
 * therefore read as the whole JVM's heap per connection minus this baseline: what remains is the model's
 * own (threads, stacks, connection state, buffers) plus the generator's small record of each connection
 * (its {@code Connection} object and a slot in its loop's array, see load-generator/README.md). Costs one
 * connect, one accept, one registration per connection and two full collections, before the real run.
 *
 * @param connections            the connections held
 * @param heapBytesPerConnection the heap they held, per connection
 */
public record TransportBaseline(int connections, double heapBytesPerConnection) {

    /** What the baseline is, written beside it in summary.json. */
    private static final String WHAT = "both ends of a mem connection, the client end registered with a poller, held by a"
            + " listener that only accepts: the transport's share, which tcp keeps in the kernel";

    /** Opens {@code connections} mem connections to a listener that keeps them, reads the heap, closes them. */
    public static TransportBaseline measure(int connections) throws IOException, InterruptedException {
        MemoryProbe probe = new MemoryProbe.InProcess();
        MemoryProbe.Reading before = probe.read();
        List<Channel> ends = new ArrayList<>(2 * connections);
        MemoryProbe.Reading held;
        try (Listener listener = Transport.mem().listen("127.0.0.1", 0, connections);
             Poller poller = Transport.mem().openPoller()) {
            try {
                for (int i = 0; i < connections; i++) {
                    Channel client = Transport.mem().connect(listener.localAddress());
                    ends.add(client);
                    ends.add(listener.accept());    // the connect queued it: accepted at once
                    client.configureBlocking(false);
                    client.register(poller, Key.OP_READ, null);
                }
                held = probe.read();
            } finally {
                for (Channel end : ends) {
                    end.close();
                }
            }
        }
        return new TransportBaseline(connections,
                ServerCosts.round((double) (held.heapUsedBytes() - before.heapUsedBytes()) / connections));
    }

    /** The {@code transport_baseline} object of summary.json. */
    public Map<String, Object> toJson() {
        return JsonFields.objectOf("connections", connections, "heap_bytes_per_connection", heapBytesPerConnection, "what", WHAT);
    }

    /** The record {@link #toJson()} wrote. */
    public static TransportBaseline fromJson(JsonFields json) {
        return new TransportBaseline(json.integer("connections"), json.number("heap_bytes_per_connection"));
    }
}
