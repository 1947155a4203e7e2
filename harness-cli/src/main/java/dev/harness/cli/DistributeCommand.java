package dev.harness.cli;

import dev.harness.cli.distribute.GeneratorJob;
import dev.harness.cli.options.Args;
import dev.harness.cli.options.LoadOptions;
import dev.harness.cli.options.UsageException;
import dev.harness.cli.options.ValueOption;
import dev.harness.load.LoadConfig;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code harness distribute --k8s}: writes the manifest that runs one {@code harness load} as N generator pods on
 * Kubernetes (an Indexed Job, {@link GeneratorJob}); the user applies it with {@code kubectl apply}, fetches
 * each pod's results and merges them with {@code harness merge}. Nothing here talks to a cluster.
 */
final class DistributeCommand implements Command {

    private static final Option K8S = Option.builder().longOpt("k8s")
            .desc("write a Kubernetes Indexed Job (the one engine supported)").build();
    private static final ValueOption<Integer> GENERATORS = ValueOption.wholeNumber("generators", "N",
            "generator pods, each with its share of --connections, --rate and --source-address (required)", 1, 10_000);
    private static final ValueOption<String> IMAGE = ValueOption.text("image", "IMAGE",
            "a container image with java 21+, sh and the harness jar (required; README: Kubernetes)");
    private static final ValueOption<String> JAR = ValueOption.text("jar", "PATH",
            "where the harness jar is in the image (default /opt/harness/harness.jar)");
    private static final ValueOption<String> NAME = ValueOption.text("name", "NAME",
            "the Job's name and its pods' label (default harness-load)");
    private static final ValueOption<String> CPU = ValueOption.text("cpu", "CPU",
            "CPU each pod requests, e.g. 2 (default: none)");
    private static final ValueOption<String> CLAIM = ValueOption.text("results-claim", "PVC",
            "a ReadWriteMany PersistentVolumeClaim the pods write their results to (default: each pod's emptyDir,"
                    + " fetched with kubectl cp while the pod lingers)");
    private static final ValueOption<Duration> LINGER = ValueOption.duration("linger", "DURATION",
            "without --results-claim, how long a pod stays up after its load for kubectl cp (default 30m)");
    private static final ValueOption<String> OUT = ValueOption.text("out", "DIR",
            "where the manifest goes (default k8s-load)");
    /** Load options a generator pod is given by the Job, not by the user, and those of a server in the JVM (mem). */
    private static final Set<String> NOT_GIVEN = Set.of("index", "of", "out", "quiet", "transport", "server", "loops",
            "header-timeout", "idle-timeout", "max-connections", "hold");
    /** How long after now the default start instant lies: time to apply, pull the image, schedule and connect. */
    private static final Duration DEFAULT_LEAD = Duration.ofMinutes(10);

    private final PrintStream out;

    DistributeCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public String name() {
        return "distribute";
    }

    @Override
    public String summary() {
        return "write the Kubernetes Job that runs one load as N generator pods (--k8s)";
    }

    @Override
    public String footer() {
        return """

                Takes harness load's options (over tcp; --connections and --rate are the whole load's) and writes
                OUT/generators.yaml: an Indexed Job of --generators pods; pod I runs harness load --index I --of N
                (I from JOB_COMPLETION_INDEX) --start-at T and writes /results/gen-I. --start-at defaults to the
                next whole minute 10 minutes from now: the pods must be up and connected by then, or they exit 2.
                Each pod is a source address of its own (ports 1024-65535 via a safe sysctl: up to 64,511
                connections to one server address per pod); pods prefer distinct nodes.
                Then: kubectl apply -f OUT/generators.yaml; when the pods print "results:", kubectl cp each
                folder (or read them off --results-claim); harness merge gen-* --out merged.

                examples:
                  harness distribute --k8s --generators 4 --image registry.example/harness:1 --target 10.0.0.5:9000 \\
                      --connections 200000 --rate 40000 --duration 60s --start-at 2026-12-05T10:00:00Z
                  harness distribute --k8s --generators 16 --image registry.example/harness:1 --target server:9000 \\
                      --connections 1000000 --rate 50000 --results-claim harness-results --cpu 2
                """;
    }

    @Override
    public Options options() {
        Options options = new Options();
        options.addOption(K8S);
        for (ValueOption<?> option : List.of(GENERATORS, IMAGE, JAR, NAME, CPU, CLAIM, LINGER, OUT)) {
            options.addOption(option.toOption());
        }
        for (Option option : LoadOptions.options().getOptions()) {
            if (!NOT_GIVEN.contains(option.getLongOpt()) && !options.hasLongOption(option.getLongOpt())) {
                options.addOption(option);
            }
        }
        return options;
    }

    @Override
    public int run(CommandLine line) throws Exception {
        if (!line.hasOption(K8S.getLongOpt())) {
            throw new UsageException("give --k8s: a Kubernetes Indexed Job is the one way to distribute supported");
        }
        for (ValueOption<?> required : List.of(GENERATORS, IMAGE)) {
            if (!required.isOn(line)) {
                throw new UsageException("--" + required.name() + " is required");
            }
        }
        int generators = GENERATORS.value(line, null);
        LoadOptions load = LoadOptions.parse(line, Args.commandLine(name(), line));
        Instant startAt = load.config().startAt() != null ? load.config().startAt()
                : Instant.now().plus(DEFAULT_LEAD).truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1));
        LoadConfig shared;
        try {
            shared = load.sharedBy(generators, startAt);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        GeneratorJob job = new GeneratorJob(NAME.value(line, "harness-load"), generators, IMAGE.value(line, null),
                JAR.value(line, "/opt/harness/harness.jar"), podArgs(shared), CPU.value(line, null),
                CLAIM.value(line, null), LINGER.value(line, Duration.ofMinutes(30)));
        Path dir = Path.of(OUT.value(line, "k8s-load"));
        Files.createDirectories(dir);
        Path manifest = dir.resolve("generators.yaml");
        Files.writeString(manifest, job.yaml(), StandardCharsets.UTF_8);
        out.printf("wrote %s: Indexed Job %s of %d generator pods, %,d connections and %s each, starting at %s%n",
                manifest, job.name(), generators, shared.share().connectionsOf(shared.connections()),
                shared.openLoop() ? String.format("%,.0f req/s", shared.rate() / generators) : "a closed loop", startAt);
        out.printf("  kubectl apply -f %s%n", manifest);
        out.printf("  kubectl get pods -l harness/load=%s -w     # each pod prints \"results: kubectl cp ...\"%n", job.name());
        out.printf("  %s%n", job.claim() == null ? "kubectl cp POD:" + GeneratorJob.RESULTS + "/gen-I gen-I   # for each pod"
                : "copy gen-0 .. gen-" + (generators - 1) + " off the claim " + job.claim());
        out.printf("  harness merge gen-* --out merged%n");
        return 0;
    }

    /**
     * {@code harness load}'s arguments for every pod: the shared plan, the index its shell expands (none when there
     * is one generator), its folder.
     */
    private static List<String> podArgs(LoadConfig shared) {
        List<String> args = new ArrayList<>(LoadOptions.tcpArgs(shared));
        int index = args.indexOf("--index");
        if (index >= 0) {
            args.set(index + 1, "$" + GeneratorJob.INDEX_VARIABLE);
        }
        args.addAll(List.of("--out", GeneratorJob.RESULTS + "/gen-$" + GeneratorJob.INDEX_VARIABLE));
        return args;
    }
}
