/**
 * The thread-per-connection server shared by the {@code sync-threads} and {@code virtual-threads} models:
 * an acceptor thread, and per connection one thread from the model's {@link java.util.concurrent.ThreadFactory}
 * running the same blocking read-decode-handle-write loop. Waits sleep the connection's thread; RELAY is a
 * blocking call to the downstream on that thread. The two models differ in nothing else.
 */
package dev.harness.blocking;
