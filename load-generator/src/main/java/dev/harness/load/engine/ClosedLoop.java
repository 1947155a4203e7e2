package dev.harness.load.engine;

/**
 * The closed loop of one {@link IoLoop}: every connection keeps {@code inflight} requests outstanding, and
 * a freed slot sends the next request at once. A request is intended to leave when it leaves: it is
 * measured when it is sent inside the window, and its intended and send times both become the time its
 * bytes are written, so its latency is its service time.
 *
 * <p>Invariant: a freed slot sends nothing at or after the measurement's end, nor once a stop is
 * requested. Cost: a comparison and a stop check per answer beyond the send itself; no state of its own.
 */
final class ClosedLoop {

    private final IoLoop loop;
    private final RunPlan plan;
    private final IoLoop.Control control;

    ClosedLoop(IoLoop loop, RunPlan plan, IoLoop.Control control) {
        this.loop = loop;
        this.plan = plan;
        this.control = control;
    }

    /** Fills every connection with {@code inflight} requests, sent at {@code now}, writing one connection at a time. */
    void start(Connection[] connections, long now) {
        for (Connection c : connections) {
            for (int k = 0; k < plan.inflight() && !c.dead; k++) {
                loop.send(c, now);
            }
            loop.writeQueued();
        }
    }

    /** A slot of {@code c} became free at {@code now}: sends the next request, while the window lasts. */
    void slotFreed(Connection c, long now) {
        if (now < plan.measureEndNanos() && !control.stopRequested()) {
            loop.send(c, now);
        }
    }
}
