package dev.harness.cli.compare;

import dev.harness.cli.measure.JsonFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether two results folders can be compared at all. They cannot when their cells differ (a server or a
 * scenario in one only), their transports differ, or a cell's load differs (its workload, mode, connections,
 * rate, pipelining, payload, CPU or wait): {@code harness compare} then exits 2. A different machine, JDK or
 * server flags only warns: the figures may still mean something, but the tolerances were set on one machine.
 */
public final class Comparability {

    /** The load parameters of a cell that must match: other values change what is measured. */
    private static final List<String> LOAD_KEYS = List.of("workload", "mode", "protocol", "connections", "inflight", "rate",
            "payload_bytes", "reply_bytes", "cpu_us", "wait_us", "wait_us_max");

    private Comparability() {
    }

    /** Why the two cannot be compared; empty when they can. */
    public static List<String> problems(ResultsFolder baseline, ResultsFolder current) {
        List<String> problems = new ArrayList<>();
        List<String> onlyBaseline = new ArrayList<>(baseline.cellNames());
        onlyBaseline.removeAll(current.cellNames());
        List<String> onlyCurrent = new ArrayList<>(current.cellNames());
        onlyCurrent.removeAll(baseline.cellNames());
        if (!onlyBaseline.isEmpty()) {
            problems.add("cells (scenario/server) only in the baseline: " + String.join(", ", onlyBaseline));
        }
        if (!onlyCurrent.isEmpty()) {
            problems.add("cells (scenario/server) only in the current run: " + String.join(", ", onlyCurrent));
        }
        String transportB = transport(baseline.meta());
        String transportC = transport(current.meta());
        if (!transportB.equals(transportC)) {
            problems.add("transport " + transportB + " in the baseline, " + transportC + " in the current run");
        }
        baseline.cells().forEach((scenario, byServer) -> byServer.forEach((server, cellB) -> {
            ResultsFolder.Cell cellC = current.cells().getOrDefault(scenario, Map.of()).get(server);
            if (cellC != null && cellB.summary() != null && cellC.summary() != null) {
                differences("config", cellB.summary().object("config"), cellC.summary().object("config"), LOAD_KEYS)
                        .forEach(d -> problems.add(scenario + "/" + server + ": " + d));
            }
        }));
        return problems;
    }

    /** What differs between the machines and JVMs of the two runs; empty when nothing does. */
    public static List<String> warnings(ResultsFolder baseline, ResultsFolder current) {
        List<String> warnings = new ArrayList<>();
        JsonFields metaB = baseline.meta();
        JsonFields metaC = current.meta();
        warnings.addAll(differences("machine", metaB.object("machine"), metaC.object("machine"),
                List.of("os", "kernel", "arch", "cores")));
        Double memoryB = metaB.number("machine", "memory_bytes");
        Double memoryC = metaC.number("machine", "memory_bytes");
        if (memoryB != null && memoryC != null && Math.round(memoryB / (1L << 30)) != Math.round(memoryC / (1L << 30))) {
            warnings.add("machine.memory_bytes: " + Math.round(memoryB / (1L << 30)) + " GiB vs "
                    + Math.round(memoryC / (1L << 30)) + " GiB");
        }
        warnings.addAll(differences("jdk", metaB.object("jdk"), metaC.object("jdk"), List.of("vendor", "version")));
        if (!Objects.equals(metaB.texts("server_jvm_flags"), metaC.texts("server_jvm_flags"))) {
            warnings.add("server_jvm_flags: " + metaB.texts("server_jvm_flags") + " vs " + metaC.texts("server_jvm_flags"));
        }
        return warnings;
    }

    private static String transport(JsonFields meta) {
        return meta.text("transport") == null ? "tcp" : meta.text("transport");
    }

    /** {@code prefix.key: a vs b} for each of {@code keys} that both objects have and that differs. */
    private static List<String> differences(String prefix, JsonFields a, JsonFields b, List<String> keys) {
        List<String> out = new ArrayList<>();
        if (a == null || b == null) {
            return out;
        }
        for (String key : keys) {
            if (a.has(key) && b.has(key) && !Objects.equals(a.map().get(key), b.map().get(key))) {
                out.add(prefix + "." + key + ": " + a.map().get(key) + " vs " + b.map().get(key));
            }
        }
        return out;
    }
}
