package dev.harness.reference.helidon;

import dev.harness.reference.ReferenceServers;
import dev.harness.reference.WorkQuery;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.service.Limits;
import dev.harness.service.WorkService;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Helidon 4 SE's WebServer ("Níma") as its users write it: a routing of two handlers. Helidon runs every
 * connection on a virtual thread of its own, reads and writes with blocking socket calls, and a WORK wait is
 * a {@link Thread#sleep} on that virtual thread: the same model as virtual-threads, by other authors. Its
 * connections get {@code TCP_NODELAY}, as every server's here do.
 */
public final class HelidonServer implements Server {

    private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.US_ASCII);

    private final WebServer server;
    private final String host;

    private HelidonServer(WebServer server, String host) {
        this.server = server;
        this.host = host;
    }

    /** Binds {@code config}'s address and returns once the server accepts. */
    public static HelidonServer start(ServerConfig config) throws IOException {
        Limits limits = config.limits();
        try {
            WebServer server = WebServer.builder()
                    .host(config.host())
                    .port(config.port())
                    .backlog(ReferenceServers.BACKLOG)
                    .connectionOptions(socket -> socket.tcpNoDelay(true))
                    .shutdownHook(false)
                    .routing(routing -> routes(routing, limits))
                    .build()
                    .start();
            return new HelidonServer(server, config.host());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void routes(HttpRouting.Builder routing, Limits limits) {
        routing.get("/echo", (request, response) -> response.send(HELLO))
                .get("/work", (request, response) -> work(request, response, limits));
    }

    private static void work(ServerRequest request, ServerResponse response, Limits limits) throws InterruptedException {
        WorkQuery work;
        try {
            work = WorkQuery.parse(request.query().rawValue(), limits);
        } catch (WorkQuery.BadQuery e) {
            response.status(Status.BAD_REQUEST_400).send(e.getMessage() + "\n");
            return;
        }
        WorkService.burnCpu(work.cpuMicros());
        if (work.waitMicros() > 0) {
            Thread.sleep(Duration.ofNanos(work.waitMicros() * 1_000L));
        }
        response.send(new byte[work.replyBytes()]);
    }

    @Override
    public InetSocketAddress address() {
        return new InetSocketAddress(host, server.port());
    }

    /** Helidon does not say how many connections it holds: read the process's sockets instead. */
    @Override
    public int openConnections() {
        throw new UnsupportedOperationException("helidon is a reference server: it does not count its connections");
    }

    @Override
    public long readBuffersLent() {
        throw new UnsupportedOperationException("helidon is a reference server: it does not count its buffers");
    }

    /** A reference server keeps its own output buffers and budget (none is enforced by the harness). */
    @Override
    public long heldOutputBytes() {
        throw new UnsupportedOperationException("helidon is a reference server: it does not count the output it holds");
    }

    /** Helidon's stop waits for its connections' threads by itself, for as long as its own timeout says. */
    @Override
    public boolean shutdown(Duration grace) {
        try {
            server.stop();
        } catch (UncheckedIOException e) {
            return false;
        }
        return true;
    }
}
