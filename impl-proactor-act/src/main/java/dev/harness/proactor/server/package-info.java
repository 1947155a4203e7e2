/**
 * The {@code proactor-act} server: the project's {@link dev.harness.service.ServiceHandler} (the built-in
 * services, unchanged) on the Proactor framework of {@link dev.harness.proactor}. Start with
 * {@link dev.harness.proactor.server.ProactorActServer}, then
 * {@link dev.harness.proactor.server.ProactorConnection} (one client connection: the completion handler and
 * the {@link dev.harness.service.Session}) and {@link dev.harness.proactor.server.ProactorDownstream} (RELAY).
 * Around them: {@link dev.harness.proactor.server.EventLoop} (what one loop owns),
 * {@link dev.harness.proactor.server.ProactorTimeouts} (the header and idle timeouts of a loop),
 * {@link dev.harness.proactor.server.ProactorRefusal} (a connection over {@code --max-connections}) and
 * {@link dev.harness.proactor.server.ConnectionSet} (a loop's connections). The thread-per-connection servers
 * ({@code dev.harness.blocking}) name their classes of the same roles alike: {@code BlockingConnection},
 * {@code BlockingDownstream}, {@code BlockingRefusals}, {@code BlockingTimeouts}.
 *
 * <h2>What the model does</h2>
 * <ul>
 *   <li>{@code --loops N} event-loop threads named {@code proactor-0 .. N-1} and no other thread: no acceptor
 *       thread, none per connection, none for waits.</li>
 *   <li>{@code Session.await} is a timer completion whose ACT is the continuation; {@code Session.call} is an
 *       ACT frame on the loop's one multiplexed downstream connection, under a token of the loop's
 *       {@link dev.harness.proactor.ActTable}; its answer is dispatched by that token in O(1), and RELAY
 *       answers the client under the client's own act.</li>
 *   <li>ACT-frame answers leave as they complete (out of order); HTTP answers in request order (the codec
 *       holds early ones back).</li>
 *   <li>Back-pressure: past {@code maxPendingOutputBytes} of unwritten output a connection stops reading and
 *       defers requests already decoded, so its pending output stays within the limit plus one answer.</li>
 * </ul>
 *
 * <h2>Invariants</h2>
 * A connection lives on one loop; every callback of it runs there, never concurrently; after
 * {@code ServiceHandler.close(session)} no completion of that session runs (timers and downstream answers
 * check the connection's state first). Nothing blocks a loop thread — except WORK's {@code cpu_us}, which
 * burns on the loop by design: while it burns, that loop's other connections wait. That is this model's
 * trade-off.
 *
 * <h2>Costs</h2>
 * An idle connection holds its transport channel and key and a few small objects of this module (the module
 * README lists them, with the command that measured them), and no thread, no read buffer, no output bytes.
 * A request costs the codec's {@code Request}, a small output buffer while the answer is written, and
 * nothing else on the GET /echo path. Everything here runs unchanged over the
 * {@code tcp} and the {@code mem} transport ({@link dev.harness.server.ServerConfig#transport()}).
 */
package dev.harness.proactor.server;
