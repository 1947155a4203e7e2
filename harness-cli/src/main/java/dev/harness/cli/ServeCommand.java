package dev.harness.cli;

import dev.harness.cli.options.ServerOptions;
import dev.harness.server.LoopBlocking;
import dev.harness.server.Server;
import dev.harness.server.ServerFactories;
import dev.harness.server.ServerFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * {@code harness serve}: runs one server model until SIGINT or SIGTERM. Prints exactly one line on stdout,
 * {@code listening on HOST:PORT}, once it answers requests; on a signal it stops accepting, lets requests
 * in flight finish within the grace period and exits 0. A line {@code loop-blocking} on stdin is answered on
 * stdout with the time each event loop was blocked so far (the run reads it at a window's edges).
 */
final class ServeCommand implements Command {

    /** The query on stdin, and the prefix of its answer on stdout. */
    static final String LOOP_BLOCKING_QUERY = "loop-blocking";

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
                  harness serve --server proactor-act --port 8080 --handler dev.harness.example.kv.KeyValueHandler \\
                      --handler-jar example-kv/target/example-kv.jar --blocking-threads 64

                --handler CLASS runs your ServiceHandler instead of the built-in services, one instance per
                connection (a public class with a public no-arg constructor), loaded from --handler-jar in this
                JVM; a missing or unfit class is an error (exit 2) before the server starts. Session.blocking
                calls run on the connection's thread (sync-threads, virtual-threads) or on a pool of
                --blocking-threads (proactor-act), whose loops report the time a handler blocked them.
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
        Thread.ofPlatform().daemon(true).name("serve-stdin").start(() -> answerQueries(server));
        stopped.await();
        return 0;
    }

    /**
     * Answers the queries of the run that started this server, one a line on stdin: {@code loop-blocking}
     * gets {@code loop-blocking LINE} on stdout ({@link LoopBlocking#format}), read at a window's edges. Other
     * lines are ignored; the end of stdin ends the thread, not the server.
     */
    private void answerQueries(Server server) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.strip().equals(LOOP_BLOCKING_QUERY)) {
                    String answer = LOOP_BLOCKING_QUERY + " " + LoopBlocking.format(server.loopBlocking());
                    synchronized (out) {
                        out.println(answer);
                        out.flush();
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // stdin closed or the server stopping: no more queries
        }
    }
}
