/**
 * The thread-per-connection server shared by the {@code sync-threads} and {@code virtual-threads} models:
 * an acceptor thread, and per connection one thread from the model's {@link java.util.concurrent.ThreadFactory}
 * running the same blocking wait-read-decode-handle-write loop, over the configured
 * {@link dev.harness.transport.Transport} ({@code tcp} or {@code mem}). Waits sleep the connection's thread;
 * RELAY is a blocking call to the downstream, over the same transport, on that thread. The two models differ
 * in nothing else.
 *
 * <p>Read it in this order; the proactor server ({@code dev.harness.proactor.server}) has a class of the
 * same role for each:
 * <ul>
 *   <li>{@link dev.harness.blocking.BlockingServer} — starts the parts below, activates each accepted
 *       connection on a thread of the model's own, shuts down, and counts the connections whose thread could
 *       not start.</li>
 *   <li>{@code BlockingAcceptor} — the {@code acceptor} thread, blocked in {@code accept()}.</li>
 *   <li>{@code BlockingConnection} — one connection's loop on its own thread; it holds no buffer while it
 *       waits over {@code mem}.</li>
 *   <li>{@code BlockingDownstream} — a connection's blocking RELAY client (the Connector's role).</li>
 *   <li>{@code BlockingRefusals} — the polite answer to connections over {@code --max-connections}.</li>
 *   <li>{@code BlockingTimeouts} — one {@code timeouts} thread per server for header, idle and downstream
 *       timeouts, which also serves the refusals.</li>
 *   <li>{@code ReadBufferPool} — the server's lock-free, bounded pool of 4 KiB read buffers, lent only while
 *       input is decoded.</li>
 * </ul>
 */
package dev.harness.blocking;
