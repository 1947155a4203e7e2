package dev.harness.proactor.server;

import dev.harness.proactor.AsynchResult;
import dev.harness.proactor.Handler;
import dev.harness.proactor.Proactor;
import dev.harness.server.OutputBudget;
import dev.harness.server.ServerConfig;

/**
 * The header, idle and write timeouts of one event loop ({@code --header-timeout}, {@code --idle-timeout},
 * {@code --write-timeout}): one timer on the loop's {@link Proactor} that, every
 * {@link ServerConfig#timeoutCheckIntervalNanos()}, has each connection of the loop check its deadlines
 * ({@link ProactorConnection#checkTimeouts}): a header incomplete for too long is answered and the
 * connection closes once that is written; a connection idle for too long, or whose output went unwritten
 * for too long, is closed without an answer. While the server's connections hold more output than its
 * {@link OutputBudget}, the check also closes the loop's worst offender.
 *
 * <p>Guarantees: a connection is timed out at the first check after its deadline, so up to one interval
 * late (more while the loop is busy), never early. The checks run on the loop thread, like every callback
 * of the connections they read, so nothing is locked.
 *
 * <p>Costs: no thread; one timer per loop, armed again after each check; a check walks the loop's
 * connections once and allocates nothing per connection.
 */
final class ProactorTimeouts implements Handler {

    private final Proactor proactor;
    private final ConnectionSet connections;
    private final OutputBudget outputBudget;
    private long intervalNanos;
    private ProactorConnection worst;
    private long worstHeldBytes;

    ProactorTimeouts(Proactor proactor, ConnectionSet connections, OutputBudget outputBudget) {
        this.proactor = proactor;
        this.connections = connections;
        this.outputBudget = outputBudget;
    }

    /** Starts checking every {@code intervalNanos}. Loop thread only. */
    void start(long intervalNanos) {
        this.intervalNanos = intervalNanos;
        proactor.scheduleTimer(intervalNanos, this, null);
    }

    @Override
    public void handleTimeout(AsynchResult result) {
        long now = System.nanoTime();
        connections.forEach(connection -> connection.checkTimeouts(now));
        if (outputBudget.over()) {
            closeWorstOffender(now);
        }
        proactor.scheduleTimer(intervalNanos, this, null);
    }

    /**
     * Over the output budget: closes the connection of this loop that holds most output among those none of
     * whose output was written since the previous check (clients that read are not chosen), one per check.
     */
    private void closeWorstOffender(long nowNanos) {
        worst = null;
        worstHeldBytes = 0;
        connections.forEach(connection -> {
            long held = connection.heldOutputBytesIfStalled(nowNanos);
            if (held > worstHeldBytes) {
                worstHeldBytes = held;
                worst = connection;
            }
        });
        if (worst != null) {
            worst.closeOverBudget(outputBudget);
            worst = null;
        }
    }
}
