/**
 * Reference servers: the best-known Java server of each model, run beside ours so that a reader can tell a
 * model's cost from its author's. {@code netty} (event loops, the proactor's kind), {@code helidon} (a virtual
 * thread per connection) and {@code jdk-http} / {@code jdk-http-virtual} (the JDK's HttpServer on a platform
 * pool or on virtual threads). Each is written as its library's users write it and adapted at its edges only:
 * it serves HTTP {@code GET /echo} and {@code GET /work?cpu_us=&wait_us=&reply_bytes=} (docs/protocol.md §2)
 * over tcp, waiting in its own model's way; not ACT frames, SUBSCRIBE, RELAY or the mem transport, and not
 * through our {@code ServiceHandler}. Their factories say {@code reference()}, which the reports mark.
 */
package dev.harness.reference;
