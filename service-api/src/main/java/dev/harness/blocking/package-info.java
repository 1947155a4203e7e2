/**
 * The thread-per-connection server shared by the {@code sync-threads} and {@code virtual-threads} models:
 * an acceptor thread, and per connection one thread from the model's {@link java.util.concurrent.ThreadFactory}
 * running the same blocking wait-read-decode-handle-write loop, over the configured
 * {@link dev.harness.transport.Transport} ({@code tcp} or {@code mem}). Waits sleep the connection's thread;
 * RELAY is a blocking call to the downstream, over the same transport, on that thread. The two models differ
 * in nothing else.
 *
 * <ul>
 *   <li>{@link dev.harness.blocking.BlockingServer} — the acceptor, the connections, shutdown, and the count
 *       of connections whose thread could not start.</li>
 *   <li>{@code BlockingConnection} — one connection's loop; it holds no buffer while it waits over {@code mem}.</li>
 *   <li>{@code ReadBufferPool} — the server's lock-free, bounded pool of 4 KiB read buffers, lent only while
 *       input is decoded.</li>
 *   <li>{@code BlockingDownstream} — a connection's blocking RELAY client.</li>
 *   <li>{@code Watchdog} — one thread per server for header, idle and downstream timeouts and for refusals
 *       over {@code --max-connections}.</li>
 * </ul>
 */
package dev.harness.blocking;
