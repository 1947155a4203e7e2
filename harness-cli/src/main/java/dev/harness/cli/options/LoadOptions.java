package dev.harness.cli.options;

import dev.harness.load.LoadConfig;
import dev.harness.load.LoadConfig.Builder;
import dev.harness.load.client.Protocol;
import dev.harness.load.client.Workload;
import dev.harness.load.connector.Connector;
import dev.harness.server.HandlerConfig;
import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactory;
import dev.harness.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * The options of {@code harness load}, parsed and checked: the load, where its files go and, over
 * {@code --transport mem}, the server to start in this JVM.
 *
 * <p>Each load parameter is declared once ({@link #PARAMETERS}): its option, its value when the option is
 * absent, where it goes in a {@link LoadConfig.Builder}, where it comes from in a {@link LoadConfig} and
 * whether a configuration spells it out. Parsing a command line ({@link #parse}) and writing a configuration
 * back as options for a child JVM ({@link #args}, {@link #memCell}) both go through that table, so the child
 * reads back the configuration the parent wrote, except the command line and the two parameters no option
 * sets (the late-send threshold and the largest answer payload), which keep their defaults.
 *
 * @param config    the load; over mem against a placeholder target until the server runs ({@link #against})
 * @param out       where summary.json and histograms.hlog go
 * @param quiet     no progress lines on stderr
 * @param inProcess over mem, the server to start in this JVM; null over tcp
 */
public record LoadOptions(LoadConfig config, Path out, boolean quiet, InProcess inProcess) {

    /**
     * The exit code of a load that ran to the end but whose status is overloaded: more than 0.1 % of its
     * intended requests unanswered, or an open-loop generator saturated ({@link dev.harness.load.LoadStatus}).
     */
    public static final int EXIT_OVERLOADED = 3;

    /**
     * The server {@code harness load --transport mem} starts in its JVM.
     *
     * @param model  the concurrency model
     * @param server its configuration
     * @param hold      how long to hold every connection idle before the first request, reading memory per
     *                  connection; null for none
     * @param linkDelay the mem link's one-way delay ({@code MemTransport.setLinkDelay}); zero for none
     */
    public record InProcess(ServerFactory model, ServerConfig server, Duration hold, Duration linkDelay) {
    }

    /**
     * One load parameter.
     *
     * @param option  its option
     * @param absent  its value when the option is absent
     * @param into    where it goes in a builder
     * @param from    where it comes from in a configuration
     * @param written whether a configuration spells it out (an absent rate is closed loop, and so on)
     */
    private record Parameter<V>(ValueOption<V> option, V absent, BiConsumer<Builder, V> into,
                                Function<LoadConfig, V> from, Predicate<LoadConfig> written) {

        void parse(CommandLine line, Builder builder) throws UsageException {
            into.accept(builder, option.value(line, absent));
        }

        void copy(LoadConfig config, Builder builder) {
            into.accept(builder, from.apply(config));
        }

        void write(LoadConfig config, List<String> args) {
            if (written.test(config)) {
                args.addAll(option.words(from.apply(config)));
            }
        }
    }

    private static final Predicate<LoadConfig> ALWAYS = c -> true;
    private static final int MAX = Integer.MAX_VALUE;
    private static final ValueOption<Double> RATE = ValueOption.positiveNumber("rate", "R",
            "open loop: requests per second in total; without it, closed loop");
    private static final ValueOption<LoadConfig.Arrival> ARRIVAL = ValueOption.choice("arrival", "A",
            "open loop: uniform | poisson (default uniform)", LoadConfig.Arrival.class);
    private static final ValueOption<List<InetAddress>> SOURCE_ADDRESS = ValueOption.addresses("source-address", "A,B,...",
            "local addresses to spread connections over, beyond one address's ephemeral ports");

    /** The load parameters, in the order {@link #args} writes them. */
    private static final List<Parameter<?>> PARAMETERS = List.of(
            new Parameter<>(ValueOption.choice("protocol", "P", "act | http (default act)", Protocol.class),
                    Protocol.ACT, Builder::protocol, LoadConfig::protocol, ALWAYS),
            new Parameter<>(ValueOption.choice("workload", "W", "echo | work | subscribe | relay (default echo)",
                    Workload.class), Workload.ECHO, Builder::workload, LoadConfig::workload, ALWAYS),
            new Parameter<>(ValueOption.wholeNumber("connections", "C", "connections opened before the run (default 100)",
                    1, 10_000_000), 100, Builder::connections, LoadConfig::connections, ALWAYS),
            new Parameter<>(ValueOption.wholeNumber("inflight", "K", "requests outstanding per connection (default 1)",
                    1, 65536), 1, Builder::inflight, LoadConfig::inflight, ALWAYS),
            new Parameter<>(ValueOption.wholeNumber("threads", "N", "I/O threads, each with its own selector (default 1)",
                    1, 1024), 1, Builder::threads, LoadConfig::threads, ALWAYS),
            new Parameter<>(RATE, 0.0, Builder::rate, LoadConfig::rate, LoadConfig::openLoop),
            new Parameter<>(ARRIVAL, LoadConfig.Arrival.UNIFORM, Builder::arrival, LoadConfig::arrival, LoadConfig::openLoop),
            new Parameter<>(ValueOption.wholeNumber("seed", "S", "seed of the poisson schedule (default 42)",
                    Integer.MIN_VALUE, MAX), 42, (b, seed) -> b.seed(seed), c -> Math.toIntExact(c.seed()), ALWAYS),
            new Parameter<>(ValueOption.duration("warmup", "DURATION",
                    "run before measuring, excluded from results (default 0s)"),
                    Duration.ZERO, Builder::warmup, LoadConfig::warmup, ALWAYS),
            new Parameter<>(ValueOption.duration("duration", "DURATION",
                    "the measured window, e.g. 500ms, 10s, 2m (default 10s)"),
                    Duration.ofSeconds(10), Builder::duration, LoadConfig::duration, ALWAYS),
            new Parameter<>(ValueOption.duration("timeout", "DURATION",
                    "an answer later than this is a timeout (default 10s)"),
                    Duration.ofSeconds(10), Builder::timeout, LoadConfig::timeout, ALWAYS),
            new Parameter<>(ValueOption.duration("time-limit", "DURATION",
                    "hard limit on the whole run; past it: partial, exit 1 (default warmup+duration+timeout+30s)"),
                    null, Builder::timeLimit, LoadConfig::timeLimit, ALWAYS),
            new Parameter<>(ValueOption.choice("connector", "MODE",
                    "sync (one blocking connect at a time) | async (many in flight; default)", Connector.Mode.class),
                    Connector.Mode.ASYNC, Builder::connector, LoadConfig::connector, ALWAYS),
            new Parameter<>(ValueOption.positiveNumber("connect-rate", "R",
                    "connects per second at most (default: no limit)"),
                    0.0, Builder::connectRate, LoadConfig::connectRate, c -> c.connectRate() > 0),
            new Parameter<>(ValueOption.wholeNumber("connect-in-flight", "N",
                    "async connector: connects pending at once (default 1024)", 1, 1_000_000),
                    1024, Builder::connectInFlight, LoadConfig::connectInFlight, ALWAYS),
            new Parameter<>(SOURCE_ADDRESS, List.<InetAddress>of(), Builder::sourceAddresses, LoadConfig::sourceAddresses,
                    c -> !c.sourceAddresses().isEmpty()),
            new Parameter<>(ValueOption.wholeNumber("payload-bytes", "B",
                    "echo/relay payload; http echo: 0 = GET /echo, else POST (default 0)", 0, 64 << 20),
                    0, Builder::payloadBytes, LoadConfig::payloadBytes, ALWAYS),
            new Parameter<>(ValueOption.wholeNumber("cpu-us", "US", "work: CPU burned per request (default 0)", 0, MAX),
                    0, Builder::cpuMicros, LoadConfig::cpuMicros, ALWAYS),
            new Parameter<>(ValueOption.wholeNumber("wait-us", "US",
                    "work: wait per request in the server's model (default 0)", 0, MAX),
                    0, Builder::waitMicros, LoadConfig::waitMicros, ALWAYS),
            new Parameter<>(ValueOption.wholeNumber("wait-us-max", "US", "work over act: spread each request's wait from"
                    + " --wait-us to this, so pipelined requests finish at different times (default: no spread)", 0, MAX),
                    0, Builder::waitMaxMicros, LoadConfig::waitMaxMicros, c -> c.waitMaxMicros() > 0),
            new Parameter<>(ValueOption.wholeNumber("reply-bytes", "B",
                    "work: reply size; subscribe: event size (default 16)", 0, 64 << 20),
                    16, Builder::replyBytes, LoadConfig::replyBytes, ALWAYS),
            new Parameter<>(ValueOption.wholeNumber("events", "N", "subscribe: events per request (default 10)", 1, MAX),
                    10, Builder::events, LoadConfig::events, ALWAYS),
            new Parameter<>(ValueOption.wholeNumber("interval-us", "US", "subscribe: gap between events (default 1000)",
                    0, MAX), 1000, Builder::intervalMicros, LoadConfig::intervalMicros, ALWAYS),
            new Parameter<>(ValueOption.wholeNumber("index", "I", "this generator's index, 0 to --of minus 1: it takes"
                    + " its share of --connections, --rate and --source-address (default 0)", 0, MAX), 0, Builder::index,
                    c -> c.share().index(), c -> c.share().of() > 1),
            new Parameter<>(ValueOption.wholeNumber("of", "N", "the generators that share this load (default 1);"
                    + " give each the same options, its own --index and one --start-at, then harness merge", 1, MAX), 1,
                    Builder::of, c -> c.share().of(), c -> c.share().of() > 1),
            new Parameter<>(ValueOption.instant("start-at", "INSTANT", "start the warmup, and count the open-loop"
                    + " schedule, at this wall-clock instant (ISO-8601 such as 2026-12-05T09:30:00Z, or epoch ms) once"
                    + " every connection is open; generators given one instant start together"), null,
                    Builder::startAt, LoadConfig::startAt, c -> c.startAt() != null),
            new Parameter<>(ValueOption.hostPort("clock-server", "HOST:PORT", "an SNTP server (e.g. pool.ntp.org:123)"
                    + " to read this machine's clock offset from, recorded beside --start-at (default: none, the"
                    + " offset is unknown)"), null, Builder::clockServer, LoadConfig::clockServer,
                    c -> c.clockServer() != null),
            new Parameter<>(ValueOption.duration("saturation-lag", "DURATION",
                    "warn that the generator is saturated when its own schedule lag p99 exceeds this (default 5ms)"),
                    Duration.ofMillis(5), Builder::saturationLag, LoadConfig::saturationLag, ALWAYS));

    private static final ValueOption<InetSocketAddress> TARGET = ValueOption.hostPort("target", "HOST:PORT",
            "the server to drive (--transport tcp)");
    private static final ValueOption<Transport> TRANSPORT = ValueOption.transport("tcp (default): real sockets to --target;"
            + " mem: in-memory pipes to --server started in this JVM");
    private static final ValueOption<String> SERVER = ServerOptions.SERVER.describedAs("--transport mem: the server model to"
            + " start in this JVM: " + String.join(", ", ServerOptions.ownNames()));
    private static final ValueOption<Duration> HOLD = ValueOption.duration("hold", "DURATION", "--transport mem: hold every"
            + " connection idle this long once all are open, and read the server's memory per connection, before the"
            + " first request");
    /** {@code --link-delay}: the mem link's one-way delay; {@code harness run --transport mem} passes it on. */
    public static final ValueOption<Duration> LINK_DELAY = ValueOption.duration("link-delay", "DURATION",
            "--transport mem: the link's one-way delay, e.g. 2ms: a connect costs a round trip (twice it), every request"
                    + " and answer it each way (default 0: none)");
    private static final ValueOption<String> OUT = ValueOption.text("out", "DIR",
            "where summary.json and histograms.hlog go (default load-results)");
    private static final Option QUIET = Option.builder("q").longOpt("quiet").desc("no progress lines on stderr").build();

    /** The server's options as this command describes them, and {@code --hold}: mem only. */
    private static final List<ValueOption<?>> IN_PROCESS = List.of(SERVER,
            ServerOptions.LOOPS.describedAs("--transport mem: the server's event-loop threads (default: one per core)"),
            ServerOptions.HEADER_TIMEOUT.describedAs("--transport mem: the server's header timeout; 0 = never (default "
                    + ServerConfig.DEFAULT_HEADER_TIMEOUT.toSeconds() + "s)"),
            ServerOptions.IDLE_TIMEOUT.describedAs("--transport mem: the server's idle timeout; 0 = never (default "
                    + ServerConfig.DEFAULT_IDLE_TIMEOUT.toSeconds() + "s)"),
            ServerOptions.WRITE_TIMEOUT.describedAs("--transport mem: the server's write timeout (a connection whose"
                    + " answers go unwritten this long is closed); 0 = never (default "
                    + ServerConfig.DEFAULT_WRITE_TIMEOUT.toSeconds() + "s)"),
            ServerOptions.MAX_OUTPUT_BYTES.describedAs("--transport mem: the server's budget of bytes held for unwritten"
                    + " answers across all connections (default: a quarter of the max heap)"),
            ServerOptions.MAX_CONNECTIONS.describedAs("--transport mem: connections the server serves at once"
                    + " (default: " + ServerConfig.DEFAULT_MAX_CONNECTIONS + " or --connections, whichever is more)"),
            ServerOptions.HANDLER.describedAs("--transport mem: the ServiceHandler class the server runs, one instance per"
                    + " connection (default: the built-in services)"),
            ServerOptions.HANDLER_JAR.describedAs("--transport mem: the jar --handler is loaded from"),
            ServerOptions.BLOCKING_THREADS.describedAs("--transport mem: the proactor's pool for Session.blocking (default "
                    + HandlerConfig.DEFAULT_BLOCKING_THREADS + ")"),
            ServerOptions.BLOCKING_QUEUE.describedAs("--transport mem: blocking calls that may wait for a pool thread"
                    + " (default " + HandlerConfig.DEFAULT_BLOCKING_QUEUE + ")"),
            ServerOptions.LOOP_BLOCK_THRESHOLD.describedAs("--transport mem: a call holding an event loop this long counts"
                    + " as the loop blocked (default " + HandlerConfig.DEFAULT_LOOP_BLOCK_THRESHOLD.toMillis() + "ms)"),
            HOLD, LINK_DELAY);

    /** What a mem load's configuration is first built against: never connected to (the server's is known later). */
    private static final InetSocketAddress PLACEHOLDER = new InetSocketAddress("127.0.0.1", 1);

    /** {@code harness load}'s options. */
    public static Options options() {
        Options options = new Options();
        options.addOption(TARGET.toOption());
        options.addOption(TRANSPORT.toOption());
        for (ValueOption<?> option : IN_PROCESS) {
            options.addOption(option.toOption());
        }
        for (Parameter<?> parameter : PARAMETERS) {
            options.addOption(parameter.option().toOption());
        }
        options.addOption(OUT.toOption());
        options.addOption(QUIET);
        options.addOption(Args.help());
        return options;
    }

    /**
     * {@code harness load}'s command line, every misuse a {@link UsageException} before anything starts.
     *
     * @param commandLine the command as typed, for the record
     */
    public static LoadOptions parse(CommandLine line, List<String> commandLine) throws UsageException {
        Transport transport = TRANSPORT.value(line, Transport.tcp());
        Path out = Path.of(OUT.value(line, "load-results"));
        boolean quiet = line.hasOption(QUIET.getLongOpt());
        if (transport.name().equals("mem")) {
            return overMem(line, transport, out, quiet, commandLine);
        }
        for (ValueOption<?> option : IN_PROCESS) {
            if (option.isOn(line)) {
                throw new UsageException("--" + option.name() + " configures a server started in this JVM and needs"
                        + " --transport mem; over tcp, start the server with harness serve and give its --target");
            }
        }
        if (!TARGET.isOn(line)) {
            throw new UsageException("Missing required option: target (the server's HOST:PORT; or --transport mem"
                    + " --server NAME to run one in this JVM)");
        }
        InetSocketAddress target = TARGET.value(line, null);
        if (target.isUnresolved()) {
            throw new UsageException("--target: cannot resolve host '" + target.getHostString() + "'");
        }
        return new LoadOptions(config(line, target, transport, commandLine), out, quiet, null);
    }

    /** The mem half of {@link #parse}: the load, and the server to start in this JVM. */
    private static LoadOptions overMem(CommandLine line, Transport transport, Path out, boolean quiet,
                                       List<String> commandLine) throws UsageException {
        if (TARGET.isOn(line)) {
            throw new UsageException("--target is for --transport tcp; with --transport mem the server runs in this JVM:"
                    + " give --server NAME instead");
        }
        if (SOURCE_ADDRESS.isOn(line)) {
            throw new UsageException("--source-address is for --transport tcp: mem connections use no ports");
        }
        if (!SERVER.isOn(line)) {
            throw new UsageException("--transport mem needs --server NAME, one of "
                    + String.join(", ", ServerOptions.ownNames()));
        }
        ServerFactory model = ServerOptions.model(SERVER.value(line, null));
        if (model.reference()) {
            throw new UsageException(model.name() + " is a reference server: it serves HTTP over tcp only; start it with"
                    + " harness serve --server " + model.name() + " and load it with --transport tcp --target HOST:PORT");
        }
        LoadConfig load = config(line, PLACEHOLDER, transport, commandLine);
        ServerConfig server = ServerOptions.config(line);
        if (!ServerOptions.MAX_CONNECTIONS.isOn(line)) {
            server = server.withMaxConnections(Math.max(ServerConfig.DEFAULT_MAX_CONNECTIONS, load.connections()));
        }
        return new LoadOptions(load, out, quiet, new InProcess(model, server, HOLD.value(line, null),
                LINK_DELAY.value(line, Duration.ZERO)));
    }

    private static LoadConfig config(CommandLine line, InetSocketAddress target, Transport transport,
                                     List<String> commandLine) throws UsageException {
        Builder builder = LoadConfig.builder(target).transport(transport).commandLine(commandLine);
        for (Parameter<?> parameter : PARAMETERS) {
            parameter.parse(line, builder);
        }
        if (ARRIVAL.isOn(line) && !RATE.isOn(line)) {
            throw new UsageException("--arrival applies to open loop only: give --rate too");
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The load against {@code target}: every parameter, the transport and the command line of {@link #config}. */
    public LoadConfig against(InetSocketAddress target) {
        return copy(target).build();
    }

    /** The load shared by {@code generators} generators that start at {@code startAt}; else {@link #config}'s. */
    public LoadConfig sharedBy(int generators, Instant startAt) {
        return copy(config.target()).index(0).of(generators).startAt(startAt).build();
    }

    private Builder copy(InetSocketAddress target) {
        Builder builder = LoadConfig.builder(target).transport(config.transport())
                .commandLine(config.commandLine());
        for (Parameter<?> parameter : PARAMETERS) {
            parameter.copy(config, builder);
        }
        return builder;
    }

    /** The options that rebuild a tcp load's {@code config}: {@code --target} and {@link #args}. */
    public static List<String> tcpArgs(LoadConfig config) {
        List<String> args = new ArrayList<>(TARGET.words(config.target()));
        args.addAll(args(config));
        return args;
    }

    /** The options that rebuild {@code config}'s parameters, without target and transport. */
    public static List<String> args(LoadConfig config) {
        List<String> args = new ArrayList<>();
        for (Parameter<?> parameter : PARAMETERS) {
            parameter.write(config, args);
        }
        return args;
    }

    /**
     * The arguments of {@code harness} that run {@code config} over mem against {@code server} in a JVM of its
     * own: {@code load --transport mem --server SERVER SERVER_ARGS [--hold HOLD] [--link-delay D] PARAMETERS --out OUT}.
     *
     * @param serverArgs the server's options ({@link ServerOptions#IN_PROCESS} only)
     * @param hold       how long to hold the connections idle; null for none
     * @param linkDelay  the mem link's one-way delay; zero for none
     */
    public static List<String> memCell(String server, List<String> serverArgs, Duration hold, Duration linkDelay,
                                       LoadConfig config, Path out) {
        List<String> args = new ArrayList<>(List.of("load"));
        args.addAll(TRANSPORT.words(Transport.mem()));
        args.addAll(SERVER.words(server));
        args.addAll(serverArgs);
        if (hold != null) {
            args.addAll(HOLD.words(hold));
        }
        if (!linkDelay.isZero()) {
            args.addAll(LINK_DELAY.words(linkDelay));
        }
        args.addAll(args(config));
        args.addAll(OUT.words(out.toString()));
        return args;
    }
}
