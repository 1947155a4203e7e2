package dev.harness.cli;

import dev.harness.cli.run.ComparisonRun;
import dev.harness.cli.run.Profile;
import dev.harness.cli.run.Scenario;
import dev.harness.server.ServerFactories;
import dev.harness.server.ServerFactory;
import java.io.PrintStream;
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
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** {@code harness run}: the three-server comparison in one command; see {@link ComparisonRun}. */
final class RunCommand implements Command {

    static final String DEFAULT_SERVER_JVM_FLAGS = "-Xms256m -Xmx2g -XX:+UseG1GC";

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
                  quick   (default) echo, work-wait, work-mixed, idle; about 2 minutes for three servers
                  full    longer windows, more scenarios; about 12 minutes
                  ci      a tiny matrix that checks the pipeline end to end in seconds

                scenarios:
                %s
                Writes OUT/<UTC time>-<name>/: meta.json, report.md, and <server>/<scenario>/summary.json and
                histograms.hlog per cell (see results/README.md). Prints report.md at the end. Exit code 0
                when every cell is ok, 1 when any failed or was interrupted, 2 on misuse.

                examples:
                  harness run
                  harness run --servers virtual-threads,proactor-act --scenarios echo --duration 20s
                  harness run --profile full --out /tmp/results --name nightly
                  harness run --scenarios idle --connections 10000
                """.formatted(scenarios);
    }

    @Override
    public Options options() {
        Options options = new Options();
        options.addOption(Args.option("profile", "NAME", "quick (default), full or ci"));
        options.addOption(Args.option("servers", "A,B", "servers to compare (default: all: " + String.join(",", serverNames()) + ")"));
        options.addOption(Args.option("scenarios", "X,Y", "scenarios to run (default: the profile's)"));
        options.addOption(Args.option("connections", "N", "connections in every scenario (default: each scenario's own)"));
        options.addOption(Args.option("duration", "DURATION", "measurement window of each load (default: the profile's)"));
        options.addOption(Args.option("warmup", "DURATION", "warm-up before each window (default: the profile's)"));
        options.addOption(Args.option("out", "DIR", "where the run folder goes (default: results)"));
        options.addOption(Args.option("name", "NAME", "short name in the run id (default: the profile)"));
        options.addOption(Args.option("server-jvm-flags", "FLAGS", "JVM flags of every server (default: " + DEFAULT_SERVER_JVM_FLAGS + ")"));
        options.addOption(Option.builder("h").longOpt("help").desc("this help").build());
        return options;
    }

    @Override
    public int run(CommandLine line) throws Exception {
        Profile profile = profile(line.getOptionValue("profile", "quick"));
        List<String> servers = servers(line.getOptionValue("servers"));
        List<Scenario> scenarios = scenarios(profile, line.getOptionValue("scenarios"));
        if (line.hasOption("connections")) {
            int connections = Args.intValue(line, "connections", 0, 1, 10_000_000);
            scenarios = scenarios.stream().map(s -> s.withConnections(connections)).toList();
        }
        Duration duration = Args.duration(line, "duration", profile.duration());
        Duration warmup = Args.duration(line, "warmup", profile.warmup());
        if (duration.isZero() || duration.isNegative()) {
            throw new UsageException("--duration must be positive, got " + line.getOptionValue("duration"));
        }
        String name = line.getOptionValue("name", profile.cliName());
        if (!name.matches("[A-Za-z0-9._-]{1,40}")) {
            throw new UsageException("--name takes 1 to 40 letters, digits, '.', '_' or '-', got '" + name + "'");
        }
        List<String> jvmFlags = Arrays.stream(line.getOptionValue("server-jvm-flags", DEFAULT_SERVER_JVM_FLAGS).trim().split("\\s+"))
                .filter(f -> !f.isEmpty()).toList();
        String java = System.getenv().getOrDefault("HARNESS_JAVA",
                ProcessHandle.current().info().command().orElse("java"));
        ComparisonRun run = new ComparisonRun(profile, servers, scenarios, warmup, duration,
                Path.of(line.getOptionValue("out", "results")), name, jvmFlags, java, projectRoot(), Args.commandLine(name(), line));
        return run.execute(out, err);
    }

    private static Profile profile(String text) throws UsageException {
        try {
            return Profile.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--profile takes quick, full or ci, got '" + text + "'");
        }
    }

    private static List<String> serverNames() {
        return ServerFactories.all().stream().map(ServerFactory::name).toList();
    }

    private static List<String> servers(String text) throws UsageException {
        List<String> known = serverNames();
        if (text == null) {
            return known;
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

    /** Every scenario of every profile by name, the full profile's definition first. */
    private static Map<String, Scenario> allScenarios() {
        Map<String, Scenario> all = new LinkedHashMap<>();
        for (Profile p : List.of(Profile.FULL, Profile.QUICK, Profile.CI)) {
            for (Scenario s : p.scenarios()) {
                all.putIfAbsent(s.name(), s);
            }
        }
        return all;
    }

    private static List<Scenario> scenarios(Profile profile, String text) throws UsageException {
        if (text == null) {
            return profile.scenarios();
        }
        Map<String, Scenario> all = allScenarios();
        List<Scenario> chosen = new ArrayList<>();
        for (String s : text.split(",")) {
            String name = s.trim();
            Scenario scenario = profile.scenarios().stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElse(all.get(name));
            if (scenario == null) {
                throw new UsageException("unknown scenario '" + name + "' in --scenarios; known: " + String.join(", ", all.keySet()));
            }
            chosen.add(scenario);
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
