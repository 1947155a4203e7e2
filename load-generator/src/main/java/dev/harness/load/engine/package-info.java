/**
 * The load engine: a few I/O threads ({@code load-io-N}), each with its own
 * {@link dev.harness.transport.Poller} and the connections pinned to it, never a thread per connection.
 * A loop first registers its connections and holds them idle; {@link dev.harness.load.engine.IoLoop#start}
 * begins the load.
 *
 * <p>{@link dev.harness.load.engine.IoLoop} drives its connections in one of two loops:
 * <ul>
 *   <li><b>closed loop</b>: every connection keeps {@code inflight} requests outstanding and sends the next
 *       one when an answer comes; latency equals service time and the summary says "closed loop";</li>
 *   <li><b>open loop</b>: an {@link dev.harness.load.engine.ArrivalSchedule} fixes each request's intended
 *       send time in advance (uniform or seeded Poisson); latency always counts from that intended time, a
 *       request that finds no free connection waits and its wait counts, and the schedule lag (actual send
 *       − intended send) is recorded beside it. This is what keeps coordinated omission out. Requests go to
 *       the connections with a free slot in round-robin order, so a loop has used every one of its
 *       connections once it has sent as many requests as it has connections.</li>
 * </ul>
 * In both, a measured request that is never answered right enters the latency histogram at its censored
 * latency ({@code Censoring}), so that latency counts every measured request and never only the survivors.
 * {@link dev.harness.load.engine.PendingRequests} is the per-connection ACT table: the act of a request is
 * its slot index plus a generation, so an answer is demultiplexed in O(1) and an answer for an act that is
 * not outstanding is an error by kind ({@link dev.harness.load.engine.ErrorKind}).
 *
 * <p>Inside a loop, one class per concern: {@code IoLoop} is the thread and its pass (poller, reads,
 * writes); {@code OpenLoop} and {@code ClosedLoop} decide when a request is sent; {@code InFlight} issues,
 * releases and times out requests; {@code AnswerCheck} finds and checks the request of each answer;
 * {@code Censoring} records the requests never answered;
 * {@code Lender} lends output buffers and decoders; {@code CostSampler} reads the thread's own cost;
 * {@code Reconnects} reopens, on the loop's own poller, a connection the server closed.
 *
 * <p>An idle connection is cheap, so that one JVM holds a million of them: a
 * {@code Connection} object and a few array entries. Its ACT table is made at its
 * first request and sized by the requests it actually has in flight; output buffers and response decoders
 * are lent by its loop only while bytes wait to be written or an answer is split across reads.
 */
package dev.harness.load.engine;
