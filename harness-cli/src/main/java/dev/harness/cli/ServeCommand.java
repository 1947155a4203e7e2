package dev.harness.cli;

import dev.harness.cli.options.ServerOptions;
import dev.harness.server.Server;
import dev.harness.server.ServerFactories;
import dev.harness.server.ServerFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code harness serve}: runs one server model until SIGINT or SIGTERM. Prints exactly one line on stdout,
 * {@code listening on HOST:PORT}, once it answers requests; on a signal it stops accepting, lets requests
 * in flight finish within the grace period and exits 0.
 */
final class ServeCommand implements Command {

    private final PrintStream out;
    private final PrintStream err;

    ServeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public String name() {
        return "serve";
    }

    @Override
    public String summary() {
        return "run one server model on a port until SIGINT/SIGTERM";
    }

    @Override
    public String footer() {
        StringBuilder servers = new StringBuilder();
        for (ServerFactory factory : ServerFactories.all()) {
            servers.append("  ").append(String.format("%-16s", factory.name())).append(factory.description()).append('\n');
        }
        return """

                servers:
                %s
                Prints "listening on HOST:PORT" on stdout when ready (with --port 0, the chosen port).
                SIGINT/SIGTERM: stops accepting, lets requests in flight finish within --grace, exits 0.

                examples:
                  harness serve --server virtual-threads --port 8080
                  curl http://127.0.0.1:8080/echo
                  wrk -t1 -c100 -d10s http://127.0.0.1:8080/echo
                  harness serve --server sync-threads --port 9001 --downstream 127.0.0.1:8080
                  curl 'http://127.0.0.1:9001/relay/work?cpu_us=50&wait_us=1000&reply_bytes=64'
                """.formatted(servers);
    }

    @Override
    public Options options() {
        return ServerOptions.options();
    }

    @Override
    public int run(CommandLine line) throws Exception {
        ServerOptions options = ServerOptions.parse(line);
        ServerFactory factory = options.model();
        Duration grace = options.grace();
        Server server;
        try {
            server = factory.start(options.config());
        } catch (IOException e) {
            err.println("harness serve: " + e.getMessage()
                    + " (is another process on that port? choose another with --port, or --port 0)");
            return 2;
        } catch (IllegalArgumentException e) {
            err.println("harness serve: " + e.getMessage());
            return 2;
        }
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            // a server thread that dies (an acceptor, an event loop out of memory) leaves a server that only
            // looks alive: exit, so that a comparison run records the crash
            err.println("harness serve: thread " + thread.getName() + " died: " + e + "; exiting");
            err.flush();
            Runtime.getRuntime().halt(1);
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                boolean clean = server.shutdown(grace);
                err.println("harness serve: stopped " + factory.name()
                        + (clean ? "" : " (requests still running after " + grace.toMillis() + " ms were cut off)"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                stopped.countDown();
                System.out.flush();
                err.flush();
                Runtime.getRuntime().halt(0);
            }
        }, "shutdown"));
        InetSocketAddress address = server.address();
        out.println("listening on " + address.getAddress().getHostAddress() + ":" + address.getPort());
        out.flush();
        stopped.await();
        return 0;
    }
}
