package dev.harness.reference.jdk;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.harness.reference.ReferenceServers;
import dev.harness.reference.WorkQuery;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.service.Limits;
import dev.harness.service.WorkService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's own {@code com.sun.net.httpserver.HttpServer}, as its users write it: one dispatcher thread
 * ({@code HTTP-Dispatcher}) selects over every connection, parses each request and hands the exchange to an
 * executor, whose thread runs the handler with blocking writes; a WORK wait is a {@link Thread#sleep} on that
 * thread. The executor decides the model: a pool of platform threads, or a virtual thread per exchange.
 */
public final class JdkHttpServer implements Server {

    private static final String MAX_IDLE_CONNECTIONS = "sun.net.httpserver.maxIdleConnections";
    private static final String NO_DELAY = "sun.net.httpserver.nodelay";
    private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService executor;

    private JdkHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code config}'s address, runs handlers on {@code executor} and returns once the server accepts. */
    public static JdkHttpServer start(ServerConfig config, ExecutorService executor) throws IOException {
        settleAsOurs(config.maxConnections());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), ReferenceServers.BACKLOG);
        } catch (IOException e) {
            executor.shutdownNow();
            throw e;
        }
        Limits limits = config.limits();
        server.createContext("/echo", exchange -> answer(exchange, 200, HELLO));
        server.createContext("/work", exchange -> work(exchange, limits));
        server.setExecutor(executor);
        server.start();
        return new JdkHttpServer(server, executor);
    }

    /**
     * Two of the JDK server's settings, read once when its first server starts, set as ours behave unless the
     * JVM was given its own values: {@code sun.net.httpserver.maxIdleConnections} (200 by default, beyond
     * which an idle kept-alive connection is closed) raised to the connections ours keep open
     * ({@code --max-connections}), so that a run over 1,000 connections does not measure reconnections ours
     * never make; and {@code sun.net.httpserver.nodelay} (false by default) set, as every server here sets
     * {@code TCP_NODELAY}: the JDK writes an answer's headers and body in two writes, and without it the body
     * waits for the client's delayed acknowledgement of the headers.
     */
    private static void settleAsOurs(int maxConnections) {
        if (System.getProperty(MAX_IDLE_CONNECTIONS) == null) {
            System.setProperty(MAX_IDLE_CONNECTIONS, String.valueOf(maxConnections));
        }
        if (System.getProperty(NO_DELAY) == null) {
            System.setProperty(NO_DELAY, "true");
        }
    }

    private static void work(HttpExchange exchange, Limits limits) throws IOException {
        WorkQuery work;
        try {
            work = WorkQuery.parse(exchange.getRequestURI().getRawQuery(), limits);
        } catch (WorkQuery.BadQuery e) {
            answer(exchange, 400, (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        WorkService.burnCpu(work.cpuMicros());
        if (work.waitMicros() > 0) {
            try {
                Thread.sleep(Duration.ofNanos(work.waitMicros() * 1_000L));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
        }
        answer(exchange, 200, new byte[work.replyBytes()]);
    }

    private static void answer(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public int openConnections() {
        throw new UnsupportedOperationException("the JDK's HttpServer is a reference server: it does not count its connections");
    }

    @Override
    public long readBuffersLent() {
        throw new UnsupportedOperationException("the JDK's HttpServer is a reference server: it does not count its buffers");
    }

    /** A reference server keeps its own output buffers and budget (none is enforced by the harness). */
    @Override
    public long heldOutputBytes() {
        throw new UnsupportedOperationException("jdk-http is a reference server: it does not count the output it holds");
    }

    /** The JDK's stop waits up to {@code grace} (in whole seconds) for exchanges to finish, then closes. */
    @Override
    public boolean shutdown(Duration grace) throws InterruptedException {
        server.stop((int) Math.min(Integer.MAX_VALUE, grace.toSeconds()));
        executor.shutdownNow();
        return executor.awaitTermination(grace.toMillis() + 1_000, TimeUnit.MILLISECONDS);
    }
}
