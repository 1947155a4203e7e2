/**
 * The server SPI: a {@link dev.harness.server.ServerFactory} per concurrency model, found by
 * {@link java.util.ServiceLoader} and picked by name ({@link dev.harness.server.ServerFactories#byName}),
 * starts a {@link dev.harness.server.Server} from a {@link dev.harness.server.ServerConfig}.
 *
 * <pre>{@code
 * try (Server server = ServerFactories.byName("virtual-threads").start(ServerConfig.loopback())) {
 *     InetSocketAddress address = server.address();   // port chosen by the system
 *     ...
 * }
 * }</pre>
 *
 * A new model is a module with a factory and one line in
 * {@code META-INF/services/dev.harness.server.ServerFactory}.
 */
package dev.harness.server;
