package dev.harness.cli.run;

import dev.harness.load.LoadConfig;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A {@link LoadConfig} as the {@code harness load} options that rebuild it, without {@code --target} (the
 * caller adds the target, or {@code --transport mem --server NAME}). A {@code --transport mem} cell runs its
 * load in a child JVM from these words; {@code harness load} parsing them gives back an equal configuration,
 * except the command line and two parameters that have no option (the late-send threshold and the largest
 * answer payload), which keep their defaults.
 */
public final class LoadArgs {

    private LoadArgs() {
    }

    /** The options that rebuild {@code config}, every one spelled out. */
    public static List<String> of(LoadConfig config) {
        List<String> a = new ArrayList<>();
        add(a, "protocol", config.protocol().cliName());
        add(a, "workload", config.workload().cliName());
        add(a, "connections", config.connections());
        add(a, "inflight", config.inflight());
        add(a, "threads", config.threads());
        if (config.openLoop()) {
            add(a, "rate", number(config.rate()));
            add(a, "arrival", config.arrival().name().toLowerCase(Locale.ROOT));
        }
        add(a, "seed", config.seed());
        add(a, "warmup", duration(config.warmup()));
        add(a, "duration", duration(config.duration()));
        add(a, "timeout", duration(config.timeout()));
        add(a, "time-limit", duration(config.timeLimit()));
        add(a, "connector", config.connector().name().toLowerCase(Locale.ROOT));
        if (config.connectRate() > 0) {
            add(a, "connect-rate", number(config.connectRate()));
        }
        add(a, "connect-in-flight", config.connectInFlight());
        if (!config.sourceAddresses().isEmpty()) {
            add(a, "source-address", config.sourceAddresses().stream().map(InetAddress::getHostAddress)
                    .collect(Collectors.joining(",")));
        }
        add(a, "payload-bytes", config.payloadBytes());
        add(a, "cpu-us", config.cpuMicros());
        add(a, "wait-us", config.waitMicros());
        if (config.waitMaxMicros() > 0) {
            add(a, "wait-us-max", config.waitMaxMicros());
        }
        add(a, "reply-bytes", config.replyBytes());
        add(a, "events", config.events());
        add(a, "interval-us", config.intervalMicros());
        add(a, "saturation-lag", duration(config.saturationLag()));
        return a;
    }

    private static void add(List<String> args, String option, Object value) {
        args.add("--" + option);
        args.add(String.valueOf(value));
    }

    /** Whole milliseconds as {@code Nms}, anything finer as {@code Nns}: both parse back exactly. */
    static String duration(Duration d) {
        long nanos = d.toNanos();
        return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms" : nanos + "ns";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
