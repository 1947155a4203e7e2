package dev.harness.cli;

import dev.harness.cli.run.InProcessLoad;
import dev.harness.load.LoadConfig;
import dev.harness.load.LoadException;
import dev.harness.load.LoadResult;
import dev.harness.load.LoadRunner;
import dev.harness.load.ProgressListener;
import dev.harness.load.client.Protocol;
import dev.harness.load.client.Workload;
import dev.harness.load.connector.Connector;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactories;
import dev.harness.server.ServerFactory;
import dev.harness.transport.Transport;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code harness load}: drives one server with the load generator and writes {@code summary.json} and
 * {@code histograms.hlog} into {@code --out}. Over {@code --transport tcp} (the default) the server is any
 * process at {@code --target}; over {@code --transport mem} it is the model {@code --server NAME}, started in
 * this JVM and shut down after the run ({@link InProcessLoad}), and the summary adds its costs per thread
 * group. Exit 0 when the run completed, 1 when it stopped early (Ctrl-C, target dead, time limit: the files
 * are still written, marked partial), 2 on misuse or when the plan cannot run here (preflight) or the
 * target cannot be reached.
 */
final class LoadCommand implements Command {

    private final PrintStream out;
    private final PrintStream err;
    private final boolean installShutdownHook;

    LoadCommand(PrintStream out, PrintStream err) {
        this(out, err, true);
    }

    LoadCommand(PrintStream out, PrintStream err, boolean installShutdownHook) {
        this.out = out;
        this.err = err;
        this.installShutdownHook = installShutdownHook;
    }

    @Override
    public String name() {
        return "load";
    }

    @Override
    public String summary() {
        return "drive a server (ours, nginx, any HTTP/1.1 or ACT-frame server) in open or closed loop";
    }

    @Override
    public String footer() {
        return """

                Closed loop (no --rate): every connection keeps --inflight requests outstanding; latency is
                service time and the summary says "closed loop". Open loop (--rate R): requests leave on a fixed
                schedule and latency counts from the INTENDED send time, including any wait for a free
                connection, so a stalled server shows as latency, not as fewer samples (no coordinated omission).
                Results: OUT/summary.json and OUT/histograms.hlog (tags latency, service, lag, connect; ns),
                written atomically; a run stopped early (Ctrl-C, target dead, time limit) still writes both,
                marked "partial": true, and exits 1. Progress on stderr once a second unless --quiet.

                --transport mem --server NAME starts that server model in this JVM over in-memory pipes (no
                sockets, no file descriptors: past the open-files limit), drives it and shuts it down; the
                summary's "server" object then holds its costs per thread group (server threads, the
                generator's load-io-*, the JVM's own). --hold D holds every connection idle for D once all are
                open and reads the server's heap (after a full GC, less the transport's own share) and RSS per
                connection and its threads before the first request. Size the heap for the connections
                (harness run --transport mem does: 1 GiB + 8 KiB per connection).

                examples:
                  harness load --target 127.0.0.1:8080 --protocol http --threads 1 --connections 100 --duration 10s
                  harness load --target 127.0.0.1:9000 --rate 10000 --arrival poisson --duration 30s --out run1
                  harness load --target 127.0.0.1:9000 --workload work --cpu-us 50 --wait-us 1000 --inflight 16
                  harness load --target 127.0.0.1:9000 --connections 10000 --connector async --duration 5s
                  harness load --target 10.0.0.5:9000 --connections 50000 --source-address 10.0.0.2,10.0.0.3
                  harness load --transport mem --server proactor-act --connections 100000 --hold 2s --rate 20000 --duration 6s
                  harness load --transport mem --server sync-threads --loops 2 --max-connections 5000 --connections 6000
                """;
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Args.option("target", "HOST:PORT", "the server to drive (--transport tcp)"));
        o.addOption(Args.option("transport", "T", "tcp (default): real sockets to --target; mem: in-memory pipes to"
                + " --server started in this JVM"));
        o.addOption(Args.option("server", "NAME", "--transport mem: the server model to start in this JVM: "
                + String.join(", ", ServerFactories.all().stream().map(ServerFactory::name).toList())));
        o.addOption(Args.option("loops", "N", "--transport mem: the server's event-loop threads (default: one per core)"));
        o.addOption(Args.option("header-timeout", "DURATION", "--transport mem: the server's header timeout; 0 = never (default "
                + ServerConfig.DEFAULT_HEADER_TIMEOUT.toSeconds() + "s)"));
        o.addOption(Args.option("idle-timeout", "DURATION", "--transport mem: the server's idle timeout; 0 = never (default "
                + ServerConfig.DEFAULT_IDLE_TIMEOUT.toSeconds() + "s)"));
        o.addOption(Args.option("max-connections", "N", "--transport mem: connections the server serves at once"
                + " (default: " + ServerConfig.DEFAULT_MAX_CONNECTIONS + " or --connections, whichever is more)"));
        o.addOption(Args.option("hold", "DURATION", "--transport mem: hold every connection idle this long once all are"
                + " open, and read the server's memory per connection, before the first request"));
        o.addOption(Args.option("protocol", "P", "act | http (default act)"));
        o.addOption(Args.option("workload", "W", "echo | work | subscribe | relay (default echo)"));
        o.addOption(Args.option("connections", "C", "connections opened before the run (default 100)"));
        o.addOption(Args.option("inflight", "K", "requests outstanding per connection (default 1)"));
        o.addOption(Args.option("threads", "N", "I/O threads, each with its own selector (default 1)"));
        o.addOption(Args.option("rate", "R", "open loop: requests per second in total; without it, closed loop"));
        o.addOption(Args.option("arrival", "A", "open loop: uniform | poisson (default uniform)"));
        o.addOption(Args.option("seed", "S", "seed of the poisson schedule (default 42)"));
        o.addOption(Args.option("warmup", "DURATION", "run before measuring, excluded from results (default 0s)"));
        o.addOption(Args.option("duration", "DURATION", "the measured window, e.g. 500ms, 10s, 2m (default 10s)"));
        o.addOption(Args.option("timeout", "DURATION", "an answer later than this is a timeout (default 10s)"));
        o.addOption(Args.option("time-limit", "DURATION",
                "hard limit on the whole run; past it: partial, exit 1 (default warmup+duration+timeout+30s)"));
        o.addOption(Args.option("connector", "MODE", "sync (one blocking connect at a time) | async (many in flight; default)"));
        o.addOption(Args.option("connect-rate", "R", "connects per second at most (default: no limit)"));
        o.addOption(Args.option("connect-in-flight", "N", "async connector: connects pending at once (default 1024)"));
        o.addOption(Args.option("source-address", "A,B,...",
                "local addresses to spread connections over, beyond one address's ephemeral ports"));
        o.addOption(Args.option("payload-bytes", "B", "echo/relay payload; http echo: 0 = GET /echo, else POST (default 0)"));
        o.addOption(Args.option("cpu-us", "US", "work: CPU burned per request (default 0)"));
        o.addOption(Args.option("wait-us", "US", "work: wait per request in the server's model (default 0)"));
        o.addOption(Args.option("wait-us-max", "US", "work over act: spread each request's wait from --wait-us to this, so "
                + "pipelined requests finish at different times (default: no spread)"));
        o.addOption(Args.option("reply-bytes", "B", "work: reply size; subscribe: event size (default 16)"));
        o.addOption(Args.option("events", "N", "subscribe: events per request (default 10)"));
        o.addOption(Args.option("interval-us", "US", "subscribe: gap between events (default 1000)"));
        o.addOption(Args.option("saturation-lag", "DURATION",
                "warn that the generator is saturated when its own schedule lag p99 exceeds this (default 5ms)"));
        o.addOption(Args.option("out", "DIR", "where summary.json and histograms.hlog go (default load-results)"));
        o.addOption(Option.builder("q").longOpt("quiet").desc("no progress lines on stderr").build());
        o.addOption(Option.builder("h").longOpt("help").desc("this help").build());
        return o;
    }

    /** The options that configure the server of {@code --transport mem}, refused over tcp. */
    private static final List<String> SERVER_OPTIONS = List.of("server", "loops", "header-timeout", "idle-timeout",
            "max-connections", "hold");

    /** The transport {@code --transport} names (default tcp), or a {@link UsageException}. */
    static Transport transport(CommandLine line) throws UsageException {
        String name = line.getOptionValue("transport", "tcp").trim();
        try {
            return Transport.byName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--transport takes " + String.join(" or ", Transport.names()) + ", got '" + name + "'");
        }
    }

    /** Turns the command line of a tcp load into a config, or a {@link UsageException} with one line. */
    static LoadConfig config(CommandLine line, List<String> commandLine) throws UsageException {
        if (!line.hasOption("target")) {
            throw new UsageException("Missing required option: target (the server's HOST:PORT; or --transport mem"
                    + " --server NAME to run one in this JVM)");
        }
        InetSocketAddress target = Args.hostPort(line, "target");
        if (target.isUnresolved()) {
            throw new UsageException("--target: cannot resolve host '" + target.getHostString() + "'");
        }
        return config(line, target, commandLine);
    }

    /** The config of this command line against {@code target}, or a {@link UsageException} with one line. */
    static LoadConfig config(CommandLine line, InetSocketAddress target, List<String> commandLine) throws UsageException {
        LoadConfig.Builder b = LoadConfig.builder(target)
                .transport(transport(line))
                .protocol(choice(line, "protocol", Protocol.class, Protocol.ACT))
                .workload(choice(line, "workload", Workload.class, Workload.ECHO))
                .connections(Args.intValue(line, "connections", 100, 1, 10_000_000))
                .inflight(Args.intValue(line, "inflight", 1, 1, 65536))
                .threads(Args.intValue(line, "threads", 1, 1, 1024))
                .rate(number(line, "rate", 0))
                .arrival(choice(line, "arrival", LoadConfig.Arrival.class, LoadConfig.Arrival.UNIFORM))
                .seed(Args.intValue(line, "seed", 42, Integer.MIN_VALUE, Integer.MAX_VALUE))
                .warmup(Args.duration(line, "warmup", Duration.ZERO))
                .duration(Args.duration(line, "duration", Duration.ofSeconds(10)))
                .timeout(Args.duration(line, "timeout", Duration.ofSeconds(10)))
                .timeLimit(line.hasOption("time-limit") ? Args.duration(line, "time-limit", null) : null)
                .connector(choice(line, "connector", Connector.Mode.class, Connector.Mode.ASYNC))
                .connectRate(number(line, "connect-rate", 0))
                .connectInFlight(Args.intValue(line, "connect-in-flight", 1024, 1, 1_000_000))
                .sourceAddresses(sources(line))
                .payloadBytes(Args.intValue(line, "payload-bytes", 0, 0, 64 << 20))
                .cpuMicros(Args.intValue(line, "cpu-us", 0, 0, Integer.MAX_VALUE))
                .waitMicros(Args.intValue(line, "wait-us", 0, 0, Integer.MAX_VALUE))
                .waitMaxMicros(Args.intValue(line, "wait-us-max", 0, 0, Integer.MAX_VALUE))
                .replyBytes(Args.intValue(line, "reply-bytes", 16, 0, 64 << 20))
                .events(Args.intValue(line, "events", 10, 1, Integer.MAX_VALUE))
                .intervalMicros(Args.intValue(line, "interval-us", 1000, 0, Integer.MAX_VALUE))
                .saturationLag(Args.duration(line, "saturation-lag", Duration.ofMillis(5)))
                .commandLine(commandLine);
        if (line.hasOption("arrival") && !line.hasOption("rate")) {
            throw new UsageException("--arrival applies to open loop only: give --rate too");
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static <E extends Enum<E>> E choice(CommandLine line, String option, Class<E> type, E defaultValue)
            throws UsageException {
        String text = line.getOptionValue(option);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + option + " takes one of " + String.join(", ",
                    Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList())
                    + ", got '" + text + "'");
        }
    }

    private static double number(CommandLine line, String option, double defaultValue) throws UsageException {
        String text = line.getOptionValue(option);
        if (text == null) {
            return defaultValue;
        }
        double v;
        try {
            v = Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " takes a number, got '" + text + "'");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new UsageException("--" + option + " must be a positive number, got " + text);
        }
        return v;
    }

    private static List<InetAddress> sources(CommandLine line) throws UsageException {
        String text = line.getOptionValue("source-address");
        return text == null ? List.of() : Args.addresses(text);
    }

    @Override
    public int run(CommandLine line) throws Exception {
        Transport transport = transport(line);
        if (transport.name().equals("mem")) {
            return runInProcess(line);
        }
        for (String option : SERVER_OPTIONS) {
            if (line.hasOption(option)) {
                throw new UsageException("--" + option + " configures a server started in this JVM and needs --transport mem;"
                        + " over tcp, start the server with harness serve and give its --target");
            }
        }
        LoadConfig config = config(line, Args.commandLine(name(), line));
        Path dir = Path.of(line.getOptionValue("out", "load-results"));
        ProgressListener progress = progress(line);
        LoadRunner runner = new LoadRunner(config, progress);
        return runWithHook(runner::stop, () -> {
            try {
                LoadResult result = runner.run();
                return new Ran(result, result.summary());
            } catch (LoadException e) {
                err.println("harness load: " + e.getMessage());
                return null;
            }
        }, dir);
    }

    private ProgressListener progress(CommandLine line) {
        return line.hasOption("quiet") ? ProgressListener.NONE : p -> err.println(p.line());
    }

    /** {@code --transport mem}: the server model in this JVM, driven, then shut down. */
    private int runInProcess(CommandLine line) throws Exception {
        if (line.hasOption("target")) {
            throw new UsageException("--target is for --transport tcp; with --transport mem the server runs in this JVM:"
                    + " give --server NAME instead");
        }
        if (line.hasOption("source-address")) {
            throw new UsageException("--source-address is for --transport tcp: mem connections use no ports");
        }
        if (!line.hasOption("server")) {
            throw new UsageException("--transport mem needs --server NAME, one of " + String.join(", ",
                    ServerFactories.all().stream().map(ServerFactory::name).toList()));
        }
        ServerFactory factory;
        try {
            factory = ServerFactories.byName(line.getOptionValue("server"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<String> commandLine = Args.commandLine(name(), line);
        LoadConfig checked = config(line, new InetSocketAddress("127.0.0.1", 1), commandLine); // misuse: before the server starts
        ServerConfig server = ServeCommand.config(line);
        if (!line.hasOption("max-connections")) {
            server = server.withMaxConnections(Math.max(ServerConfig.DEFAULT_MAX_CONNECTIONS, checked.connections()));
        }
        Duration hold = line.hasOption("hold") ? Args.duration(line, "hold", null) : null;
        Path dir = Path.of(line.getOptionValue("out", "load-results"));
        InProcessLoad load;
        try {
            load = InProcessLoad.start(factory, server, hold, progress(line));
        } catch (IOException e) {
            err.println("harness load: cannot start " + factory.name() + " over mem: " + e.getMessage());
            return 2;
        }
        try (load) {    // the server goes down after the results are written
            return runWithHook(load::stop, () -> {
                try {
                    InProcessLoad.Outcome outcome = load.run(target -> {
                        try {
                            return config(line, target, commandLine);
                        } catch (UsageException e) {
                            throw new IllegalStateException("checked above against another target", e);
                        }
                    });
                    return new Ran(outcome.result(), outcome.summary());
                } catch (IOException e) {
                    err.println("harness load: cannot measure the mem transport's baseline: " + e.getMessage());
                    return null;
                } catch (LoadException e) {
                    err.println("harness load: " + e.getMessage());
                    return null;
                }
            }, dir);
        }
    }

    /** What a load produced: the generator's result and the summary to write (the generator's, or extended). */
    private record Ran(LoadResult result, Map<String, Object> summary) {
    }

    /** Runs a load; null when it could not run, its reason already printed. */
    private interface Body {
        Ran run() throws InterruptedException;
    }

    /**
     * Runs {@code body} under a shutdown hook that calls {@code stop} (Ctrl-C) and lets the partial files be
     * written, then writes them and prints the summary.
     */
    private int runWithHook(Runnable stop, Body body, Path dir) throws InterruptedException {
        CountDownLatch written = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.run();
            try {
                written.await();        // let the run write its partial files before the JVM goes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.flush();
            err.flush();
            Runtime.getRuntime().halt(1);   // stopped early: partial, exit 1 (not the signal's 130)
        }, "load-shutdown");
        if (installShutdownHook) {
            Runtime.getRuntime().addShutdownHook(hook);
        }
        try {
            Ran ran = body.run();
            if (ran == null) {
                return 2;
            }
            LoadResult result = ran.result();
            try {
                result.writeTo(dir, ran.summary());
            } catch (IOException e) {
                err.println("harness load: cannot write results to " + dir + ": " + e.getMessage());
                return 2;
            }
            out.print(result.humanSummary());
            if (ran.summary().get("server") instanceof Map<?, ?> server) {
                out.print(InProcessLoad.humanSummary(server));
            }
            out.println("  results in " + dir.resolve(LoadResult.SUMMARY_FILE) + " and " + dir.resolve(LoadResult.LOG_FILE));
            out.flush();
            return result.partial() ? 1 : 0;
        } finally {
            written.countDown();
            if (installShutdownHook) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException ignored) {
                    // the JVM is already shutting down: the hook is running and waits for us
                }
            }
        }
    }
}
