/**
 * The load engine: a few I/O threads ({@code load-io-N}), each with its own {@link java.nio.channels.Selector}
 * and the connections pinned to it, never a thread per connection.
 *
 * <p>{@link dev.harness.load.engine.IoLoop} drives its connections in one of two loops:
 * <ul>
 *   <li><b>closed loop</b>: every connection keeps {@code inflight} requests outstanding and sends the next
 *       one when an answer comes; latency equals service time and the summary says "closed loop";</li>
 *   <li><b>open loop</b>: an {@link dev.harness.load.engine.ArrivalSchedule} fixes each request's intended
 *       send time in advance (uniform or seeded Poisson); latency always counts from that intended time, a
 *       request that finds no free connection waits and its wait counts, and the schedule lag (actual send
 *       − intended send) is recorded beside it. This is what keeps coordinated omission out.</li>
 * </ul>
 * {@link dev.harness.load.engine.PendingRequests} is the per-connection ACT table: the act of a request is
 * its slot index plus a generation, so an answer is demultiplexed in O(1) and an answer for an act that is
 * not outstanding is an error by kind ({@link dev.harness.load.engine.ErrorKind}).
 */
package dev.harness.load.engine;
