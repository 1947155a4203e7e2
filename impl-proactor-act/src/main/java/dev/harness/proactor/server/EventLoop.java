package dev.harness.proactor.server;

import dev.harness.proactor.Proactor;
import java.util.HashSet;
import java.util.Set;

/**
 * What one event-loop thread of {@code proactor-act} owns: its {@link Proactor}, the connections that
 * live on it, and its multiplexed {@link Downstream} connection for RELAY (opened on first use). Loops
 * share nothing mutable, so nothing here is locked; other threads reach a loop only through
 * {@link Proactor#execute}.
 */
final class EventLoop {

    private final Proactor proactor;
    private final Downstream downstream;
    private final Set<ProactorConnection> connections = new HashSet<>();
    private volatile int pendingOutputHighWaterBytes;

    EventLoop(Proactor proactor, Downstream downstream) {
        this.proactor = proactor;
        this.downstream = downstream;
    }

    Proactor proactor() {
        return proactor;
    }

    /** This loop's RELAY connection, or null when the server has no downstream. */
    Downstream downstream() {
        return downstream;
    }

    Set<ProactorConnection> connections() {
        return connections;
    }

    void notePendingOutput(int bytes) {
        if (bytes > pendingOutputHighWaterBytes) {
            pendingOutputHighWaterBytes = bytes;
        }
    }

    /** The most output any connection of this loop has had waiting at once (a probe for back-pressure). */
    int pendingOutputHighWaterBytes() {
        return pendingOutputHighWaterBytes;
    }

    /** Shutdown, phase one: close every connection with nothing in flight; the rest close when answered. */
    void drain() {
        for (ProactorConnection connection : connections.toArray(ProactorConnection[]::new)) {
            connection.drain();
        }
    }

    /** Shutdown, phase two: close every connection and the downstream. */
    void closeAll() {
        for (ProactorConnection connection : connections.toArray(ProactorConnection[]::new)) {
            connection.close();
        }
        if (downstream != null) {
            downstream.close();
        }
    }
}
