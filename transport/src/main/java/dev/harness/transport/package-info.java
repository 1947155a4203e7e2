/**
 * How bytes travel between a client and a server, in the shapes of {@code java.nio}, so that every server
 * model and the load generator run unchanged over either transport:
 * <ul>
 *   <li>{@link dev.harness.transport.Transport} — {@code tcp} ({@link dev.harness.transport.TcpTransport},
 *       the kernel's sockets through {@code java.nio}) or {@code mem} ({@link dev.harness.transport.MemTransport},
 *       in-memory pipes in one JVM, for a million connections; its javadoc says what mem keeps and what it
 *       removes).</li>
 *   <li>{@link dev.harness.transport.Listener} accepts {@link dev.harness.transport.Channel}s; a channel is
 *       blocking (the thread models: a read parks the calling thread) or registered with a
 *       {@link dev.harness.transport.Poller} (the proactor and the generator: readiness is reported to one
 *       event-loop thread), and a {@link dev.harness.transport.Key} is one registration.</li>
 * </ul>
 *
 * <pre>{@code
 * Transport mem = Transport.mem();
 * try (Listener listener = mem.listen("127.0.0.1", 0, 128);
 *      Channel client = mem.connect(listener.localAddress());
 *      Channel server = listener.accept()) {
 *     client.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
 *     server.read(ByteBuffer.allocate(3));
 * }
 * }</pre>
 */
package dev.harness.transport;
