/**
 * The Connector of the Acceptor-Connector pattern (POSA2): it establishes the generator's connections
 * actively before the load starts, over the run's {@link dev.harness.transport.Transport} (tcp or mem), and
 * hands each connected channel to the engine — the service handler's activation, after which the connector
 * has no more to do with it.
 *
 * <p>Two strategies, as in the pattern:
 * <ul>
 *   <li>{@link dev.harness.load.connector.Connector.Mode#SYNC}: one connect at a time; the connector waits
 *       for each to complete (or time out) before it initiates the next.</li>
 *   <li>{@link dev.harness.load.connector.Connector.Mode#ASYNC}: many non-blocking connects in flight on one
 *       {@link dev.harness.transport.Poller}; each pending connect's key carries an Asynchronous
 *       Completion Token — the index of its slot in the pending-connect table — so a completion finds its
 *       connect (and its start time) in O(1).</li>
 * </ul>
 * Both pace initiations to {@code --connect-rate}, spread connections over the {@code --source-address}
 * list (tcp), and record each connect's time in the {@code connect} histogram. Over mem a connect
 * completes at once, in either mode, and neither waits on its poller.
 *
 * <pre>{@code
 * Connector connector = new Connector(Connector.Mode.ASYNC, Transport.tcp(), target, List.of(), 0, 1024,
 *         Duration.ofSeconds(10), connectRecorder, () -> stopped);
 * Connector.Outcome outcome = connector.connect(10_000);
 * }</pre>
 */
package dev.harness.load.connector;
