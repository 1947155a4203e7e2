package dev.harness.proactor.server;

import dev.harness.proactor.AsynchResult;
import dev.harness.proactor.Handler;
import dev.harness.proactor.Proactor;
import dev.harness.service.Limits;
import dev.harness.transport.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What one event-loop thread of {@code proactor-act} owns: its {@link Proactor}, the connections that
 * live on it, its multiplexed {@link ProactorDownstream} connection for RELAY (opened on first use) and its
 * {@link ProactorTimeouts}. Loops share nothing mutable, so nothing here is locked; other threads reach a
 * loop only through {@link Proactor#execute}.
 *
 * <p>It also returns the output buffers of connections that have gone quiet: a connection whose write
 * completed is queued here once, and a timer ({@value #RELEASE_DELAY_MILLIS} ms, armed only while the
 * queue is not empty) releases the buffer of each one that has nothing pending by then. A busy connection
 * thus keeps its buffer (no allocation per answer) and an idle one drops it within that delay.
 */
final class EventLoop implements Handler {

    static final long RELEASE_DELAY_MILLIS = 100;

    private final ProactorActServer server;
    private final Proactor proactor;
    private final ProactorDownstream downstream;
    private final ConnectionSet connections = new ConnectionSet();
    private final ProactorTimeouts timeouts;
    private volatile int pendingOutputHighWaterBytes;
    /** When the connection whose callback runs now handled its first request of it; 0: none yet. */
    private long turnStartNanos;
    private ArrayList<ProactorConnection> quiet = new ArrayList<>();
    private ArrayList<ProactorConnection> spare = new ArrayList<>();

    EventLoop(ProactorActServer server, Proactor proactor, Transport transport, InetSocketAddress downstreamAddress,
              int relayTableCapacity, Duration downstreamTimeout, Limits limits) {
        this.server = server;
        this.proactor = proactor;
        this.downstream = downstreamAddress == null ? null : new ProactorDownstream(proactor, transport,
                downstreamAddress, relayTableCapacity, downstreamTimeout, limits, connections::isEmpty);
        this.timeouts = new ProactorTimeouts(proactor, connections, server.outputBudget());
    }

    /** The server this loop belongs to (its connections reach configuration and services through it). */
    ProactorActServer server() {
        return server;
    }

    /** A connection of this loop closed: with none left, the downstream connection has no user either. */
    void connectionClosed(ProactorConnection connection) {
        connections.remove(connection);
        if (downstream != null && connections.isEmpty()) {
            downstream.closeIfUnused(true);
        }
    }

    Proactor proactor() {
        return proactor;
    }

    /** This loop's RELAY connection, or null when the server has no downstream. */
    ProactorDownstream downstream() {
        return downstream;
    }

    ConnectionSet connections() {
        return connections;
    }

    ProactorTimeouts timeouts() {
        return timeouts;
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

    /**
     * Whether the callback running now has spent its turn ({@link ProactorConnection#TURN_NANOS}) handling
     * requests; the first call of a turn starts its clock. Connections' callbacks never nest, so one clock
     * per loop serves them all.
     */
    boolean turnUsedUp() {
        long now = System.nanoTime();
        if (turnStartNanos == 0) {
            turnStartNanos = now;
            return false;
        }
        return now - turnStartNanos >= ProactorConnection.TURN_NANOS;
    }

    /** The callback that handled requests has ended: the next one starts a turn of its own. */
    void endTurn() {
        turnStartNanos = 0;
    }

    /** Queues {@code connection} to have its output buffer released if it is still quiet in a while. */
    void releaseLater(ProactorConnection connection) {
        if (quiet.isEmpty()) {
            proactor.scheduleTimer(TimeUnit.MILLISECONDS.toNanos(RELEASE_DELAY_MILLIS), this, null);
        }
        quiet.add(connection);
    }

    /** The release timer. */
    @Override
    public void handleTimeout(AsynchResult result) {
        ArrayList<ProactorConnection> due = quiet;
        quiet = spare;
        spare = due;
        for (ProactorConnection connection : due) {
            connection.releaseOutputIfQuiet();
        }
        due.clear();
    }

    /** Shutdown, phase one: close every connection with nothing in flight; the rest close when answered. */
    void drain() {
        connections.forEach(ProactorConnection::drain);
    }

    /** Shutdown, phase two: close every connection and the downstream. */
    void closeAll() {
        connections.forEach(ProactorConnection::close);
        if (downstream != null) {
            downstream.close();
        }
    }
}
