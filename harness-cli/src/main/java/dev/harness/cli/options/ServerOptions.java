package dev.harness.cli.options;

import dev.harness.server.ServerConfig;
import dev.harness.server.ServerFactories;
import dev.harness.server.ServerFactory;
import dev.harness.service.Limits;
import dev.harness.transport.Transport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/**
 * The options of {@code harness serve}, parsed: the model, its configuration and the grace period. Each
 * option is declared once here; {@link #config(CommandLine)} is the one parse of a server's configuration,
 * which {@code harness load --transport mem} uses for the {@link #IN_PROCESS} options it takes and
 * {@code harness run} for its {@code --server-args}.
 *
 * @param model  the concurrency model
 * @param config its configuration, over tcp
 * @param grace  on SIGINT/SIGTERM, how long requests in flight may take to finish
 */
public record ServerOptions(ServerFactory model, ServerConfig config, Duration grace) {

    private static final Limits LIMITS = Limits.defaults();

    public static final ValueOption<String> SERVER = ValueOption.text("server", "NAME",
            "the concurrency model (required): " + String.join(", ", names()));
    public static final ValueOption<Integer> PORT = ValueOption.wholeNumber("port", "P",
            "port to listen on; 0 chooses a free one (default 8080)", 0, 65535);
    public static final ValueOption<Transport> TRANSPORT = ValueOption.transport("tcp only (the default): a mem connection"
            + " exists only inside one JVM; for mem use harness load --transport mem --server NAME");
    public static final ValueOption<String> HOST = ValueOption.text("host", "H", "address to bind (default 127.0.0.1)");
    public static final ValueOption<InetSocketAddress> DOWNSTREAM = ValueOption.hostPort("downstream", "HOST:PORT",
            "the server RELAY forwards to; without it RELAY answers ERROR");
    public static final ValueOption<Duration> DOWNSTREAM_TIMEOUT = ValueOption.duration("downstream-timeout", "DURATION",
            "how long RELAY waits for the downstream (default " + seconds(ServerConfig.DEFAULT_DOWNSTREAM_TIMEOUT) + ")");
    public static final ValueOption<Integer> LOOPS = ValueOption.wholeNumber("loops", "N",
            "event-loop threads, for models that have them (default: one per core)", 0, 4096);
    public static final ValueOption<Duration> HEADER_TIMEOUT = ValueOption.timeout("header-timeout", "DURATION",
            "time a request's header may take once its first byte arrived; over it: 408 or an ERROR frame"
                    + " with act 0, and close; 0 = never (default " + seconds(ServerConfig.DEFAULT_HEADER_TIMEOUT) + ")");
    public static final ValueOption<Duration> IDLE_TIMEOUT = ValueOption.timeout("idle-timeout", "DURATION",
            "a connection silent this long with no request in progress is closed; 0 = never (default "
                    + seconds(ServerConfig.DEFAULT_IDLE_TIMEOUT) + ")");
    public static final ValueOption<Duration> WRITE_TIMEOUT = ValueOption.timeout("write-timeout", "DURATION",
            "a connection whose pending answers go this long without a byte written (a client that does not"
                    + " read) is closed; 0 = never (default " + seconds(ServerConfig.DEFAULT_WRITE_TIMEOUT) + ")");
    public static final ValueOption<Long> MAX_OUTPUT_BYTES = ValueOption.longNumber("max-output-bytes", "N",
            "bytes held for unwritten answers across all connections; over it the server stops taking requests"
                    + " from the connections that hold output and closes, each check, the one holding most that wrote"
                    + " nothing since the last (default: a quarter of the max heap, " + ServerConfig.defaultMaxOutputBytes()
                    + " in this JVM)", 1, Long.MAX_VALUE);
    public static final ValueOption<Integer> MAX_CONNECTIONS = ValueOption.wholeNumber("max-connections", "N",
            "connections served at once; one more gets an ERROR frame with act 0 or 503 with Connection: close,"
                    + " then is closed (default " + ServerConfig.DEFAULT_MAX_CONNECTIONS + ")", 1, Integer.MAX_VALUE);
    public static final ValueOption<Duration> GRACE = ValueOption.duration("grace", "DURATION",
            "on SIGINT/SIGTERM, how long requests in flight may take to finish (default 5s)");
    private static final Limit MAX_PAYLOAD_BYTES = limit("max-payload-bytes", "largest ACT-frame payload",
            LIMITS.maxPayloadBytes(), 1, Limits.MAX_PAYLOAD_BYTES);
    private static final Limit MAX_HEADER_BYTES = limit("max-header-bytes",
            "largest HTTP header section (over it: 431)", LIMITS.maxHeaderBytes(), 64, 1 << 20);
    private static final Limit MAX_BODY_BYTES = limit("max-body-bytes", "largest HTTP request body (over it: 413)",
            LIMITS.maxBodyBytes(), 1, 64 * Limits.MIB);
    private static final Limit MAX_CPU_US = limit("max-cpu-us", "largest WORK cpu_us",
            LIMITS.maxCpuMicros(), 0, Integer.MAX_VALUE);
    private static final Limit MAX_WAIT_US = limit("max-wait-us", "largest WORK wait_us",
            LIMITS.maxWaitMicros(), 0, Integer.MAX_VALUE);
    private static final Limit MAX_REPLY_BYTES = limit("max-reply-bytes", "largest WORK reply_bytes",
            LIMITS.maxReplyBytes(), 0, 64 * Limits.MIB);
    private static final Limit MAX_EVENTS = limit("max-events", "largest SUBSCRIBE count",
            LIMITS.maxEvents(), 1, Integer.MAX_VALUE);
    private static final Limit MAX_INTERVAL_US = limit("max-interval-us", "largest SUBSCRIBE interval_us",
            LIMITS.maxIntervalMicros(), 0, Integer.MAX_VALUE);
    private static final Limit MAX_EVENT_BYTES = limit("max-event-bytes", "largest SUBSCRIBE event_bytes",
            LIMITS.maxEventBytes(), 0, 64 * Limits.MIB);
    private static final Limit MAX_PENDING_OUTPUT_BYTES = limit("max-pending-output-bytes",
            "output queued for one connection before the server stops reading from it", LIMITS.maxPendingOutputBytes(), 1,
            Integer.MAX_VALUE);

    /** The options that also configure the server {@code harness load --transport mem} starts in its JVM. */
    public static final List<ValueOption<?>> IN_PROCESS = List.of(LOOPS, HEADER_TIMEOUT, IDLE_TIMEOUT, WRITE_TIMEOUT,
            MAX_OUTPUT_BYTES, MAX_CONNECTIONS);

    /** {@code harness serve}'s options. */
    public static Options options() {
        Options options = new Options();
        for (ValueOption<?> option : List.of(SERVER, PORT, TRANSPORT, HOST, DOWNSTREAM, DOWNSTREAM_TIMEOUT, LOOPS,
                HEADER_TIMEOUT, IDLE_TIMEOUT, WRITE_TIMEOUT, MAX_OUTPUT_BYTES, MAX_CONNECTIONS, GRACE)) {
            options.addOption(option.toOption());
        }
        for (Limit limit : List.of(MAX_PAYLOAD_BYTES, MAX_HEADER_BYTES, MAX_BODY_BYTES, MAX_CPU_US, MAX_WAIT_US,
                MAX_REPLY_BYTES, MAX_EVENTS, MAX_INTERVAL_US, MAX_EVENT_BYTES, MAX_PENDING_OUTPUT_BYTES)) {
            options.addOption(limit.option().toOption());
        }
        options.addOption(Args.help());
        return options;
    }

    /** {@code harness serve}'s command line: a model over tcp, its configuration, the grace period. */
    public static ServerOptions parse(CommandLine line) throws UsageException {
        if (TRANSPORT.value(line, Transport.tcp()).name().equals("mem")) {
            throw new UsageException("--transport mem cannot be served: a mem connection exists only inside one JVM;"
                    + " run harness load --transport mem --server " + line.getOptionValue(SERVER.name(), "NAME")
                    + " (or harness run --transport mem) instead");
        }
        if (!SERVER.isOn(line)) {
            throw new UsageException("Missing required option: server");
        }
        ServerFactory model = model(SERVER.value(line, null));
        return new ServerOptions(model, config(line), GRACE.value(line, Duration.ofSeconds(5)));
    }

    /**
     * The server configuration of {@code line}, over tcp: every option {@code line} does not have keeps its
     * default (those of {@link ServerConfig#loopback()}, on port 8080).
     */
    public static ServerConfig config(CommandLine line) throws UsageException {
        Limits limits;
        try {
            limits = new Limits(
                    MAX_PAYLOAD_BYTES.value(line),
                    MAX_HEADER_BYTES.value(line),
                    MAX_BODY_BYTES.value(line),
                    MAX_CPU_US.value(line),
                    MAX_WAIT_US.value(line),
                    MAX_REPLY_BYTES.value(line),
                    MAX_EVENTS.value(line),
                    MAX_INTERVAL_US.value(line),
                    MAX_EVENT_BYTES.value(line),
                    MAX_PENDING_OUTPUT_BYTES.value(line));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return new ServerConfig(
                HOST.value(line, "127.0.0.1"),
                PORT.value(line, 8080),
                Optional.ofNullable(DOWNSTREAM.value(line, null)),
                limits,
                LOOPS.value(line, 0),
                DOWNSTREAM_TIMEOUT.value(line, ServerConfig.DEFAULT_DOWNSTREAM_TIMEOUT),
                HEADER_TIMEOUT.value(line, ServerConfig.DEFAULT_HEADER_TIMEOUT),
                IDLE_TIMEOUT.value(line, ServerConfig.DEFAULT_IDLE_TIMEOUT),
                WRITE_TIMEOUT.value(line, ServerConfig.DEFAULT_WRITE_TIMEOUT),
                MAX_OUTPUT_BYTES.value(line, ServerConfig.defaultMaxOutputBytes()),
                MAX_CONNECTIONS.value(line, ServerConfig.DEFAULT_MAX_CONNECTIONS),
                Transport.tcp());
    }

    /** The model called {@code name}. */
    public static ServerFactory model(String name) throws UsageException {
        try {
            return ServerFactories.byName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** Every model's name, in the order of {@link ServerFactories#all()}. */
    public static List<String> names() {
        return ServerFactories.all().stream().map(ServerFactory::name).toList();
    }

    private static String seconds(Duration d) {
        return d.toSeconds() + "s";
    }

    /** A protocol or service limit: its option and its default, from {@link Limits#defaults()}. */
    private record Limit(ValueOption<Integer> option, int absent) {
        int value(CommandLine line) throws UsageException {
            return option.value(line, absent);
        }
    }

    private static Limit limit(String name, String description, int defaultValue, int min, int max) {
        return new Limit(ValueOption.wholeNumber(name, "N", description + " (default " + defaultValue + ")", min, max),
                defaultValue);
    }
}
