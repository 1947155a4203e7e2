package dev.harness.cli;

import dev.harness.cli.options.Args;
import dev.harness.cli.options.LoadOptions;
import dev.harness.cli.options.ServerOptions;
import dev.harness.cli.options.UsageException;
import dev.harness.cli.options.ValueOption;
import dev.harness.cli.run.ComparisonRun;
import dev.harness.cli.run.CpuPinning;
import dev.harness.cli.run.Profile;
import dev.harness.cli.run.RunSettings;
import dev.harness.cli.run.Scenario;
import dev.harness.transport.Transport;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code harness run}: the three-server comparison in one command; see {@link ComparisonRun}. */
final class RunCommand implements Command {

    static final String DEFAULT_SERVER_JVM_FLAGS = "-Xms256m -Xmx2g -XX:+UseG1GC";
    /**
     * The servers of tcp load cells: the heap fixed and touched as the JVM starts (about 5 s for 2 GiB here), so
     * that no server first-touches fresh heap pages inside a window. A heap that grew from 256 MiB was still
     * being touched after the warm-up: Helidon's CPU per request at 10,000 req/s was 58-82 µs with it, 46-51 µs
     * with this one (three runs each, docs/peers-profile.md).
     */
    static final String DEFAULT_LOAD_SERVER_JVM_FLAGS = "-Xms2g -Xmx2g -XX:+UseG1GC -XX:+AlwaysPreTouch";
    /** Over tcp, cells of more than 10,000 connections spread them over these loopback addresses. */
    static final String DEFAULT_SOURCE_ADDRESSES = "127.0.0.1,127.0.0.2,127.0.0.3,127.0.0.4";
    /** The serve options the run chooses itself, which {@code --server-args} cannot set. */
    private static final List<String> RUN_CHOOSES = List.of(ServerOptions.SERVER.name(), ServerOptions.HOST.name(),
            ServerOptions.PORT.name(), ServerOptions.TRANSPORT.name(), "help");

    private static final ValueOption<String> PROFILE = ValueOption.text("profile", "NAME",
            "quick (default), full, ci or peers");
    private static final ValueOption<String> SERVERS = ValueOption.text("servers", "A,B",
            "servers to compare (default: ours, " + String.join(",", ServerOptions.ownNames()) + "; with --profile peers"
                    + " the reference servers too: " + String.join(",", ServerOptions.referenceNames()) + ")");
    private static final ValueOption<String> SCENARIOS = ValueOption.text("scenarios", "X,Y",
            "scenarios to run (default: the profile's)");
    private static final ValueOption<Integer> CONNECTIONS = ValueOption.wholeNumber("connections", "N",
            "connections in every scenario (default: each scenario's own)", 1, 10_000_000);
    private static final ValueOption<Double> IDLE_RATE = ValueOption.positiveNumber("idle-rate", "R",
            "idle-connections and breaking-point: the open-loop rate, req/s, at which every held connection then"
                    + " carries a request (default " + (long) Scenario.IDLE_REQUEST_RATE + "; the phase lasts"
                    + " connections x 1.2 / R, 600 s at 10,000,000 and the default)");
    private static final ValueOption<Duration> DURATION = ValueOption.duration("duration", "DURATION",
            "measurement window of each load (default: the profile's)");
    private static final ValueOption<Duration> WARMUP = ValueOption.duration("warmup", "DURATION",
            "warm-up before each window (default: the profile's)");
    private static final ValueOption<Integer> REPEAT = ValueOption.wholeNumber("repeat", "N",
            "run every cell N times, in rounds with the server order rotated, and report each metric as the median with"
                    + " its min-max (default: the profile's: quick 2, full 3, ci 1)", 1, 100);
    private static final ValueOption<String> OUT = ValueOption.text("out", "DIR", "where the run folder goes (default: results)");
    private static final ValueOption<String> NAME = ValueOption.text("name", "NAME",
            "short name in the run id (default: the profile)");
    private static final ValueOption<String> SERVER_JVM_FLAGS = ValueOption.text("server-jvm-flags", "FLAGS",
            "JVM flags of every server (default over tcp: " + DEFAULT_LOAD_SERVER_JVM_FLAGS + " in load cells, a heap touched"
                    + " before the window; " + DEFAULT_SERVER_JVM_FLAGS + " in cells that measure memory, whose growth it"
                    + " would hide); over mem, of every cell JVM (default " + DEFAULT_SERVER_JVM_FLAGS + "), whose -Xmx and"
                    + " -Xms the heap rule replaces unless FLAGS has an -Xmx, and which exit at their first OutOfMemoryError"
                    + " (-XX:+ExitOnOutOfMemoryError) unless FLAGS choose otherwise");
    private static final ValueOption<Transport> TRANSPORT = ValueOption.transport("tcp (default): a server JVM per cell,"
            + " loopback sockets; mem: a JVM per cell holding server and generator, in-memory pipes");
    private static final ValueOption<List<InetAddress>> SOURCE_ADDRESS = ValueOption.addresses("source-address", "A,B,...",
            "tcp: local addresses to spread the connections of a cell over when it has more than 10,000 (default "
                    + DEFAULT_SOURCE_ADDRESSES + ")");
    private static final ValueOption<String> SERVER_ARGS = ValueOption.text("server-args", "OPTIONS", "extra harness serve"
            + " options for every server, e.g. \"--loops 1\"; they take precedence over the run's own (mem: only --loops,"
            + " --header-timeout, --idle-timeout, --max-connections and the handler's options)");

    private static final ValueOption<String> HANDLER = ServerOptions.HANDLER.describedAs("the ServiceHandler class every"
            + " server runs, loaded in each server's JVM, one instance per connection (default: the built-in services)");
    private static final ValueOption<String> HANDLER_JAR = ServerOptions.HANDLER_JAR.describedAs("the jar --handler is"
            + " loaded from, in each server's JVM");

    private static final ValueOption<String> CPUS = ValueOption.text("cpus", "server=LIST,generator=LIST",
            "tcp: pin the server JVMs and the generator (this JVM) to cores, LIST as taskset takes it (0, 0-1, 0,2);"
                    + " default: no pinning (see README, Pinning)");

    private final PrintStream out;
    private final PrintStream err;

    RunCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public String name() {
        return "run";
    }

    @Override
    public String summary() {
        return "compare the server models: every server x every scenario, each server in its own JVM";
    }

    @Override
    public String footer() {
        StringBuilder scenarios = new StringBuilder();
        for (Scenario s : allScenarios().values()) {
            scenarios.append(String.format("  %-16s %s%n", s.name(), s.description()));
        }
        return """

                profiles:
                  quick   (default) echo, work-wait, work-mixed, idle-connections; 2 rounds of 3 s windows, about
                          3 minutes for three servers
                  full    the 14 scenarios below (idle-connections at 10,000), 3 rounds of 15 s windows after
                          5 s warm-ups; 47.5 minutes for three servers on 2 cores (measured 2026-12-05)
                  ci      a tiny matrix that checks the pipeline end to end in seconds, 1 round
                  peers   our servers beside the reference servers (netty, helidon, jdk-http, jdk-http-virtual)
                          over HTTP: http-echo, http-echo-cost, http-work-wait; 2 rounds of 3 s windows after
                          5 s warm-ups, about 7 minutes for six servers. The references serve HTTP GET /echo
                          and /work over tcp only: naming one with a scenario that sends ACT frames, or with
                          --transport mem, is refused.

                relay starts a downstream server of the same model for each cell (tcp only); silent-downstream a
                listener in this JVM that takes RELAY calls and never answers (tcp only; its cell records calls,
                errors, RSS and threads each second under "downstream"); --scenarios connect-storm names both
                connect-storm-sync and connect-storm-async. Over mem, --link-delay D gives every connection a
                one-way delay: a connect costs 2 D, each request and answer D.

                --repeat N runs every cell N times in rounds (the server order rotated each round; breaking-point
                in the first only) after a warm-up of the generator, writes each repeat into
                <server>/<scenario>/repeat-R/ and their aggregate into <server>/<scenario>/summary.json, and
                reports each metric as median (min-max); ratios whose ranges overlap are "within noise", and a
                figure below its resolution (a heap or RSS change the collector alone makes) is not ranked.

                scenarios:
                %s
                transports:
                  tcp     (default) each server in a JVM of its own, the generator in this one, over loopback
                          sockets; a cell of more than 10,000 connections spreads them over --source-address
                  mem     each cell in a JVM of its own: harness load --transport mem, server and generator over
                          in-memory pipes (no file descriptors), costs per thread group; its heap is 1 GiB + 3 KiB
                          per connection (at most 70%% of memory), printed and recorded in meta.json. Without
                          --scenarios, mem runs idle-connections only.

                breaking-point climbs idle-connections at 1k, 2k, 4k, 8k, 16k, 24k, 32k, 48k, 64k ... up to
                --connections (default 100,000) until a step fails, and reports the count and the cause (threads
                refused by the OS, the open-files limit, memory); each step is a fresh JVM, killed if it hangs.
                It exhausts the machine's threads for sync-threads: never run it on a shared machine.

                Writes OUT/<UTC time>-<name>/: meta.json, report.md, and per cell <server>/<scenario>/summary.json
                (the aggregate of its repeats) with each repeat's summary.json and histograms.hlog in repeat-R/
                (in the cell's folder itself with one repeat); see results/README.md; then the charts as harness
                report draws them (charts/*.svg, linked from report.md, and report.html). Prints report.md at the end.
                A cell whose server did not keep up (an open-loop or breaking-point load with over 0.1 %% of its
                requests unanswered, a saturated generator or a machine over 90 %% busy) is "overloaded": shown,
                never ranked best. Exit code 0 when every cell is ok or overloaded, 1 when any failed or was
                interrupted, 2 on misuse.

                examples:
                  harness run
                  harness run --servers virtual-threads,proactor-act --scenarios echo --duration 20s
                  harness run --profile full --out /tmp/results --name nightly
                  harness run --scenarios echo --repeat 5
                  harness run --scenarios idle-connections --connections 10000
                  harness run --transport mem --connections 1000000 --servers virtual-threads,proactor-act
                  harness run --transport mem --connections 10000000 --idle-rate 40000 --servers proactor-act
                  harness run --scenarios idle-connections --connections 15000 --servers virtual-threads,proactor-act
                  harness run --transport mem --scenarios breaking-point --servers sync-threads --connections 64000
                  harness run --servers proactor-act --scenarios echo --server-args "--loops 1"
                  harness run --scenarios echo,echo-cost --cpus server=0,generator=1
                  harness run --scenarios echo --handler com.example.MyHandler --handler-jar my-handler.jar
                  harness run --transport mem --scenarios connect-storm --link-delay 2ms
                  harness run --scenarios relay,silent-downstream,subscribe
                """.formatted(scenarios);
    }

    @Override
    public Options options() {
        Options options = new Options();
        for (ValueOption<?> option : List.of(PROFILE, SERVERS, SCENARIOS, CONNECTIONS, IDLE_RATE, DURATION, WARMUP, REPEAT, OUT, NAME,
                SERVER_JVM_FLAGS, TRANSPORT, SOURCE_ADDRESS, SERVER_ARGS, HANDLER, HANDLER_JAR, CPUS,
                LoadOptions.LINK_DELAY)) {
            options.addOption(option.toOption());
        }
        options.addOption(Args.help());
        return options;
    }

    @Override
    public int run(CommandLine line) throws Exception {
        Profile profile = profile(PROFILE.value(line, "quick"));
        Transport transport = TRANSPORT.value(line, Transport.tcp());
        boolean mem = transport.name().equals("mem");
        List<String> servers = servers(SERVERS.value(line, null), profile.includesReferences());
        List<Scenario> scenarios = scenarios(profile, SCENARIOS.value(line, null), mem);
        refuseReferencesOutsideHttp(servers, scenarios, mem);
        if (CONNECTIONS.isOn(line)) {
            int connections = CONNECTIONS.value(line, null);
            scenarios = scenarios.stream().map(s -> s.withConnections(connections)).toList();
        }
        if (IDLE_RATE.isOn(line)) {
            double rate = IDLE_RATE.value(line, null);
            scenarios = scenarios.stream().map(s -> s.withIdleRate(rate)).toList();
        }
        Duration duration = DURATION.value(line, profile.duration());
        Duration warmup = WARMUP.value(line, profile.warmup());
        if (duration.isZero() || duration.isNegative()) {
            throw new UsageException("--duration must be positive, got " + line.getOptionValue(DURATION.name()));
        }
        String name = NAME.value(line, profile.cliName());
        if (!name.matches("[A-Za-z0-9._-]{1,40}")) {
            throw new UsageException("--name takes 1 to 40 letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        if (mem && SOURCE_ADDRESS.isOn(line)) {
            throw new UsageException("--source-address is for --transport tcp: mem connections use no ports");
        }
        if (!mem && LoadOptions.LINK_DELAY.isOn(line)) {
            throw new UsageException("--link-delay is for --transport mem: a loopback socket's delay is the kernel's"
                    + " (tc netem, where the kernel has it)");
        }
        List<String> jvmFlags = words(SERVER_JVM_FLAGS.value(line, DEFAULT_SERVER_JVM_FLAGS));
        boolean userChoseHeap = SERVER_JVM_FLAGS.isOn(line) && jvmFlags.stream().anyMatch(f -> f.startsWith("-Xmx"));
        List<String> serverArgs = new ArrayList<>(handlerArgs(line, mem));
        serverArgs.addAll(serverArgs(SERVER_ARGS.value(line, null), mem));
        refuseReferencesWithHandler(servers, serverArgs);
        String java = System.getenv().getOrDefault("HARNESS_JAVA",
                ProcessHandle.current().info().command().orElse("java"));
        List<String> loadJvmFlags = mem || SERVER_JVM_FLAGS.isOn(line) ? jvmFlags : words(DEFAULT_LOAD_SERVER_JVM_FLAGS);
        RunSettings settings = new RunSettings(java, jvmFlags, loadJvmFlags, userChoseHeap, transport,
                SOURCE_ADDRESS.value(line, SOURCE_ADDRESS.parse(DEFAULT_SOURCE_ADDRESSES)),
                serverArgs, warmup, duration, Args.commandLine(name(), line), cpus(CPUS.value(line, null), mem),
                REPEAT.value(line, profile.repeats()), LoadOptions.LINK_DELAY.value(line, Duration.ZERO));
        ComparisonRun run = new ComparisonRun(profile, servers, scenarios, settings, Path.of(OUT.value(line, "results")), name,
                projectRoot());
        return run.execute(out, err);
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+")).filter(f -> !f.isEmpty()).toList();
    }

    /**
     * The {@code --server-args} words, checked here so that a mistake is one usage line, not a failed cell per
     * server: over tcp any {@code harness serve} option but those the run sets itself; over mem the four that
     * {@code harness load --transport mem} takes.
     */
    private static List<String> serverArgs(String text, boolean mem) throws UsageException {
        return text == null ? List.of() : checkedServerArgs(words(text), mem);
    }

    /**
     * {@code --handler} and {@code --handler-jar} as the servers' options, the jar's path made absolute; the
     * class is loaded here once, so that a missing or unfit one is a usage error before any server starts.
     */
    private static List<String> handlerArgs(CommandLine line, boolean mem) throws UsageException {
        List<String> args = new ArrayList<>();
        if (HANDLER.isOn(line)) {
            args.addAll(HANDLER.words(HANDLER.value(line, null)));
        }
        if (HANDLER_JAR.isOn(line)) {
            args.addAll(HANDLER_JAR.words(Path.of(HANDLER_JAR.value(line, null)).toAbsolutePath().toString()));
        }
        return args.isEmpty() ? args : checkedServerArgs(args, mem);
    }

    private static List<String> checkedServerArgs(List<String> args, boolean mem) throws UsageException {
        CommandLine parsed = parsedServerArgs(args);
        if (!parsed.getArgList().isEmpty()) {
            throw new UsageException("--server-args takes options only, got '" + parsed.getArgList().get(0) + "'");
        }
        for (Option o : parsed.getOptions()) {
            String option = o.getLongOpt();
            if (RUN_CHOOSES.contains(option)) {
                throw new UsageException("--server-args cannot set --" + option + ": the run chooses it");
            }
            if (mem && ServerOptions.IN_PROCESS.stream().noneMatch(m -> m.name().equals(option))) {
                throw new UsageException("--server-args: --" + option + " is not available over --transport mem, which takes "
                        + String.join(", ", ServerOptions.IN_PROCESS.stream().map(m -> "--" + m.name()).toList()));
            }
        }
        ServerOptions.config(parsed);    // bad values are usage errors now
        return args;
    }

    /** {@code args} parsed as {@code harness serve} options; one that is not is a usage error of --server-args. */
    private static CommandLine parsedServerArgs(List<String> args) throws UsageException {
        try {
            return new DefaultParser().parse(ServerOptions.options(), args.toArray(String[]::new));
        } catch (ParseException e) {
            throw new UsageException("--server-args: " + e.getMessage());
        }
    }

    /**
     * The {@code --cpus} pinning: refused over mem (server and generator are one JVM there) and where taskset is
     * missing; none without the option.
     */
    static CpuPinning cpus(String text, boolean mem) throws UsageException {
        if (text == null) {
            return CpuPinning.NONE;
        }
        if (mem) {
            throw new UsageException("--cpus is for --transport tcp: over mem the server and the generator are threads of"
                    + " one JVM and cannot be pinned apart; drop --cpus or use --transport tcp");
        }
        CpuPinning pinning;
        try {
            pinning = CpuPinning.parse(text, Runtime.getRuntime().availableProcessors());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (!CpuPinning.tasksetAvailable()) {
            throw new UsageException("--cpus needs taskset, which is not on the PATH (Debian: apt-get install util-linux)");
        }
        return pinning;
    }

    private static Profile profile(String text) throws UsageException {
        try {
            return Profile.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--profile takes quick, full, ci or peers, got '" + text + "'");
        }
    }

    private static List<String> servers(String text, boolean withReferences) throws UsageException {
        List<String> known = ServerOptions.names();
        if (text == null) {
            return withReferences ? known : ServerOptions.ownNames();
        }
        List<String> chosen = new ArrayList<>();
        for (String s : text.split(",")) {
            String server = s.trim();
            if (!known.contains(server)) {
                throw new UsageException("unknown server '" + server + "' in --servers; known: " + String.join(", ", known));
            }
            if (!chosen.contains(server)) {
                chosen.add(server);
            }
        }
        return chosen;
    }

    /**
     * Refuses a reference server (which serves HTTP GET /echo and /work over tcp only) in a run over mem or with a
     * scenario that sends ACT frames: one usage line now rather than a failed cell per repeat.
     */
    private static void refuseReferencesOutsideHttp(List<String> servers, List<Scenario> scenarios, boolean mem)
            throws UsageException {
        List<String> references = servers.stream().filter(ServerOptions.referenceNames()::contains).toList();
        if (references.isEmpty()) {
            return;
        }
        if (mem) {
            throw new UsageException(String.join(", ", references) + ": reference servers serve HTTP over tcp only;"
                    + " drop them from --servers or use --transport tcp");
        }
        List<String> act = scenarios.stream().filter(Scenario::usesActFrames).map(Scenario::name).toList();
        if (!act.isEmpty()) {
            throw new UsageException(String.join(", ", references) + ": reference servers serve HTTP GET /echo and"
                    + " /work only, and " + String.join(", ", act) + " sends ACT frames; choose HTTP scenarios"
                    + " (--profile peers, or --scenarios http-echo,http-echo-cost,http-work-wait) or drop them from --servers");
        }
    }

    /**
     * Refuses a reference server in a run that gives the servers a handler of its own ({@code --handler}, or
     * through {@code --server-args}): a reference runs its own HTTP handlers, and would ignore it.
     */
    private static void refuseReferencesWithHandler(List<String> servers, List<String> serverArgs) throws UsageException {
        List<String> references = servers.stream().filter(ServerOptions.referenceNames()::contains).toList();
        if (references.isEmpty() || serverArgs.isEmpty()) {
            return;
        }
        CommandLine parsed = parsedServerArgs(serverArgs);
        if (ServerOptions.HANDLER.isOn(parsed)) {
            throw new UsageException(String.join(", ", references) + ": reference servers run their own HTTP handlers,"
                    + " not a ServiceHandler, and cannot run --handler " + ServerOptions.HANDLER.value(parsed, null)
                    + "; drop them from --servers (--handler is for " + String.join(", ", ServerOptions.ownNames())
                    + ") or drop --handler");
        }
    }

    /** Every scenario of every profile by name, the full profile's definition first, then breaking-point. */
    private static Map<String, Scenario> allScenarios() {
        Map<String, Scenario> all = new LinkedHashMap<>();
        for (Profile p : List.of(Profile.FULL, Profile.QUICK, Profile.CI, Profile.PEERS)) {
            for (Scenario s : p.scenarios()) {
                all.putIfAbsent(s.name(), s);
            }
        }
        Scenario breakingPoint = Scenario.breakingPoint();
        all.put(breakingPoint.name(), breakingPoint);
        for (Scenario blockingCall : Scenario.blockingCalls()) {
            all.put(blockingCall.name(), blockingCall);
        }
        return all;
    }

    /** The scenarios {@code --scenarios} names; without it the profile's, or over mem idle-connections only. */
    private static List<Scenario> scenarios(Profile profile, String text, boolean mem) throws UsageException {
        if (text == null) {
            return mem ? profile.scenarios().stream().filter(s -> s.kind() == Scenario.Kind.IDLE_CONNECTIONS).toList()
                    : profile.scenarios();
        }
        Map<String, Scenario> all = allScenarios();
        List<Scenario> chosen = new ArrayList<>();
        for (String s : text.split(",")) {
            String name = s.trim();
            List<String> names = name.equals(Scenario.CONNECT_STORM)
                    ? all.keySet().stream().filter(n -> n.startsWith(Scenario.CONNECT_STORM + "-")).toList() : List.of(name);
            for (String one : names) {
                Scenario scenario = profile.scenarios().stream().filter(p -> p.name().equals(one)).findFirst()
                        .orElse(all.get(one));
                if (scenario == null) {
                    throw new UsageException("unknown scenario '" + one + "' in --scenarios; known: "
                            + String.join(", ", all.keySet()) + ", " + Scenario.CONNECT_STORM + " (both connect-storm-*)");
                }
                if (mem && scenario.downstream() != Scenario.Downstream.NONE) {
                    throw new UsageException("scenario " + one + " needs a downstream server, which runs over --transport"
                            + " tcp only (over mem it would share the cell's JVM); drop it or use tcp");
                }
                chosen.add(scenario);
            }
        }
        return chosen;
    }

    /** The checkout this CLI was built in (target/classes or target/harness.jar lives two levels below it). */
    private static Path projectRoot() {
        try {
            Path location = Path.of(RunCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path root = location.getParent() == null ? null : location.getParent().getParent();
            return root == null ? null : root.getParent();
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }
}
