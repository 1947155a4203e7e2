package dev.harness.load.engine;

import dev.harness.load.client.RequestTemplate;

/**
 * What every I/O thread of one run shares: the request, the clock of the run's phases (all
 * {@link System#nanoTime()} values) and the limits. Immutable.
 *
 * @param template          the request every connection sends
 * @param inflight          requests outstanding per connection at most
 * @param openLoop          true: requests follow an {@link ArrivalSchedule}; false: closed loop
 * @param runStartNanos     warmup starts; open-loop offsets count from here
 * @param measureStartNanos warmup ends, measurement starts
 * @param measureEndNanos   no request intended (open) or sent (closed) at or after this is measured or sent
 * @param timeoutNanos      a request outstanding longer than this counts as a timeout
 * @param lateNanos         a send more than this after its intended time is a late send
 * @param maxPayloadBytes   the largest ACT payload accepted from the server
 */
public record RunPlan(RequestTemplate template, int inflight, boolean openLoop, long runStartNanos,
                      long measureStartNanos, long measureEndNanos, long timeoutNanos, long lateNanos,
                      int maxPayloadBytes) {

    /** The loop gives up waiting for answers at this time: the end plus one timeout. */
    public long drainEndNanos() {
        return measureEndNanos + timeoutNanos;
    }
}
