package dev.harness.cli;

import dev.harness.service.Limits;
import dev.harness.server.Server;
import dev.harness.server.ServerConfig;
import dev.harness.transport.Transport;
import dev.harness.server.ServerFactories;
import dev.harness.server.ServerFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
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
        Limits d = Limits.defaults();
        Options options = new Options();
        options.addOption(Option.builder().longOpt("server").hasArg().argName("NAME")
                .desc("the concurrency model (required): " + String.join(", ", ServerFactories.all().stream().map(ServerFactory::name).toList()))
                .build());
        options.addOption(Args.option("port", "P", "port to listen on; 0 chooses a free one (default 8080)"));
        options.addOption(Args.option("transport", "T", "tcp only (the default): a mem connection exists only inside one JVM;"
                + " for mem use harness load --transport mem --server NAME"));
        options.addOption(Args.option("host", "H", "address to bind (default 127.0.0.1)"));
        options.addOption(Args.option("downstream", "HOST:PORT", "the server RELAY forwards to; without it RELAY answers ERROR"));
        options.addOption(Args.option("downstream-timeout", "DURATION", "how long RELAY waits for the downstream (default "
                + seconds(ServerConfig.DEFAULT_DOWNSTREAM_TIMEOUT) + ")"));
        options.addOption(Args.option("loops", "N", "event-loop threads, for models that have them (default: one per core)"));
        options.addOption(Args.option("header-timeout", "DURATION", "time a request's header may take once its first byte arrived; over it: 408 or an ERROR frame"
                        + " with act 0, and close; 0 = never (default " + seconds(ServerConfig.DEFAULT_HEADER_TIMEOUT) + ")"));
        options.addOption(Args.option("idle-timeout", "DURATION", "a connection silent this long with no request in progress is closed; 0 = never (default "
                        + seconds(ServerConfig.DEFAULT_IDLE_TIMEOUT) + ")"));
        options.addOption(Args.option("max-connections", "N", "connections served at once; one more gets an ERROR frame with act 0 or 503 with Connection: close,"
                        + " then is closed (default " + ServerConfig.DEFAULT_MAX_CONNECTIONS + ")"));
        options.addOption(Args.option("grace", "DURATION", "on SIGINT/SIGTERM, how long requests in flight may take to finish (default 5s)"));
        options.addOption(limit("max-payload-bytes", "largest ACT-frame payload", d.maxPayloadBytes()));
        options.addOption(limit("max-header-bytes", "largest HTTP header section (over it: 431)", d.maxHeaderBytes()));
        options.addOption(limit("max-body-bytes", "largest HTTP request body (over it: 413)", d.maxBodyBytes()));
        options.addOption(limit("max-cpu-us", "largest WORK cpu_us", d.maxCpuMicros()));
        options.addOption(limit("max-wait-us", "largest WORK wait_us", d.maxWaitMicros()));
        options.addOption(limit("max-reply-bytes", "largest WORK reply_bytes", d.maxReplyBytes()));
        options.addOption(limit("max-events", "largest SUBSCRIBE count", d.maxEvents()));
        options.addOption(limit("max-interval-us", "largest SUBSCRIBE interval_us", d.maxIntervalMicros()));
        options.addOption(limit("max-event-bytes", "largest SUBSCRIBE event_bytes", d.maxEventBytes()));
        options.addOption(limit("max-pending-output-bytes",
                "output queued for one connection before the server stops reading from it", d.maxPendingOutputBytes()));
        options.addOption(Option.builder("h").longOpt("help").desc("this help").build());
        return options;
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    private static Option limit(String name, String description, int defaultValue) {
        return Args.option(name, "N", description + " (default " + defaultValue + ")");
    }

    @Override
    public int run(CommandLine line) throws Exception {
        if (LoadCommand.transport(line).name().equals("mem")) {
            throw new UsageException("--transport mem cannot be served: a mem connection exists only inside one JVM;"
                    + " run harness load --transport mem --server " + line.getOptionValue("server", "NAME")
                    + " (or harness run --transport mem) instead");
        }
        if (!line.hasOption("server")) {
            throw new UsageException("Missing required option: server");
        }
        ServerFactory factory;
        try {
            factory = ServerFactories.byName(line.getOptionValue("server"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ServerConfig config = config(line);
        Duration grace = Args.duration(line, "grace", Duration.ofSeconds(5));
        Server server;
        try {
            server = factory.start(config);
        } catch (IOException e) {
            err.println("harness serve: " + e.getMessage()
                    + " (is another process on that port? choose another with --port, or --port 0)");
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

    static ServerConfig config(CommandLine line) throws UsageException {
        Limits d = Limits.defaults();
        int max = Integer.MAX_VALUE;
        Limits limits;
        try {
            limits = new Limits(
                    Args.intValue(line, "max-payload-bytes", d.maxPayloadBytes(), 1, Limits.MAX_PAYLOAD_BYTES),
                    Args.intValue(line, "max-header-bytes", d.maxHeaderBytes(), 64, 1 << 20),
                    Args.intValue(line, "max-body-bytes", d.maxBodyBytes(), 1, 64 * Limits.MIB),
                    Args.intValue(line, "max-cpu-us", d.maxCpuMicros(), 0, max),
                    Args.intValue(line, "max-wait-us", d.maxWaitMicros(), 0, max),
                    Args.intValue(line, "max-reply-bytes", d.maxReplyBytes(), 0, 64 * Limits.MIB),
                    Args.intValue(line, "max-events", d.maxEvents(), 1, max),
                    Args.intValue(line, "max-interval-us", d.maxIntervalMicros(), 0, max),
                    Args.intValue(line, "max-event-bytes", d.maxEventBytes(), 0, 64 * Limits.MIB),
                    Args.intValue(line, "max-pending-output-bytes", d.maxPendingOutputBytes(), 1, max));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return new ServerConfig(
                line.getOptionValue("host", "127.0.0.1"),
                Args.intValue(line, "port", 8080, 0, 65535),
                Optional.ofNullable(Args.hostPort(line, "downstream")),
                limits,
                Args.intValue(line, "loops", 0, 0, 4096),
                Args.duration(line, "downstream-timeout", ServerConfig.DEFAULT_DOWNSTREAM_TIMEOUT),
                Args.duration(line, "header-timeout", ServerConfig.DEFAULT_HEADER_TIMEOUT),
                Args.duration(line, "idle-timeout", ServerConfig.DEFAULT_IDLE_TIMEOUT),
                Args.intValue(line, "max-connections", ServerConfig.DEFAULT_MAX_CONNECTIONS, 1, Integer.MAX_VALUE),
                Transport.tcp());
    }
}
