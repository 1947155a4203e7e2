package dev.harness.cli.run;

import dev.harness.cli.measure.JsonFields;
import dev.harness.probe.Provenance.Git;
import dev.harness.probe.Provenance.Jdk;
import dev.harness.probe.Provenance.Machine;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run needs to be reproduced: the {@code meta.json} of a results folder ({@code results/README.md}
 * describes each field).
 *
 * @param command           the full command line
 * @param profile           the profile's name
 * @param transport         tcp or mem
 * @param start             when the run started, UTC
 * @param end               when it ended; null while it runs
 * @param jdk               the JDK that started the servers
 * @param serverJvmFlags    the flags of every cell JVM (mem), or of the servers of cells that measure memory (tcp)
 * @param loadServerJvmFlags tcp: the flags of the servers of load cells when they differ from
 *                          {@code serverJvmFlags}; else null (and in runs made before they could)
 * @param serverArgs        the extra {@code harness serve} options of every server
 * @param cellJvm           mem: how each cell JVM's heap was chosen; null over tcp
 * @param sourceAddresses   tcp: the local addresses large cells spread their connections over; null over mem
 * @param cpus              tcp: the cores of the server and of the generator ({@code --cpus}); null over mem
 * @param generatorJvmFlags the flags of the JVM that ran the generator
 * @param machine           the machine
 * @param git               the checkout
 * @param repeats           how many times each cell ran ({@code --repeat}); null in runs made before it existed
 * @param generatorWarmup   tcp: the generator's warm-up before the first round; null over mem, or before it ran
 */
record RunMeta(String command, String profile, String transport, String start, String end, Jdk jdk,
               List<String> serverJvmFlags, List<String> loadServerJvmFlags, List<String> serverArgs, CellJvm cellJvm,
               List<String> sourceAddresses,
               CpuPinning cpus, List<String> generatorJvmFlags, Machine machine, Git git, Integer repeats,
               GeneratorWarmup generatorWarmup) {

    /**
     * @param heapRule how {@code -Xmx} was chosen
     * @param xmx      the {@code -Xmx} of each cell JVM by {@code server/scenario[/step]}
     * @param linkDelayMicros the mem link's one-way delay in every cell JVM ({@code --link-delay}); 0 for none,
     *                 null in runs made before it existed
     */
    record CellJvm(String heapRule, Map<String, String> xmx, Long linkDelayMicros) {
    }

    /**
     * This run as it stands.
     *
     * @param end       null while the run goes on
     * @param cellHeaps mem: the {@code -Xmx} of each cell's JVM by {@code server/scenario[/step]}; empty over tcp
     * @param warmup    tcp: the generator's warm-up, once it ran; else null
     */
    static RunMeta describe(RunSettings settings, Profile profile, Instant start, Instant end, Path projectRoot,
                            Map<String, String> cellHeaps, GeneratorWarmup warmup) {
        CellJvm cellJvm = settings.mem() ? new CellJvm(settings.userChoseHeap() ? "the -Xmx of --server-jvm-flags"
                : ChildHeap.BASE_MIB + " MiB + " + ChildHeap.BYTES_PER_CONNECTION + " bytes per connection, at most "
                + ChildHeap.MAX_SHARE_PERCENT + "% of memory_bytes and at most the memory available at the cell's start less "
                + ChildHeap.JVM_NATIVE_MIB + " MiB for the JVM and " + ChildHeap.COLLECTOR_NATIVE_PERCENT
                + "% of the heap for the collector", cellHeaps,
                settings.linkDelay().toNanos() / 1_000) : null;
        return new RunMeta(String.join(" ", settings.commandLine()), profile.cliName(), settings.transport().name(),
                start.toString(), end == null ? null : end.toString(), Jdk.current(settings.java()),
                settings.serverJvmFlags(),
                settings.loadServerJvmFlags().equals(settings.serverJvmFlags()) ? null : settings.loadServerJvmFlags(),
                settings.serverArgs(), cellJvm,
                settings.mem() ? null : settings.sourceAddresses().stream().map(InetAddress::getHostAddress).toList(),
                settings.mem() ? null : settings.cpus(), ManagementFactory.getRuntimeMXBean().getInputArguments(),
                Machine.current(), Git.of(projectRoot), settings.repeats(), warmup);
    }

    boolean mem() {
        return "mem".equals(transport);
    }

    Map<String, Object> toJson() {
        Map<String, Object> meta = JsonFields.objectOf("command", command, "profile", profile, "transport", transport,
                "start", start, "end", end, "jdk", jdk.toJson(), "server_jvm_flags", serverJvmFlags);
        if (loadServerJvmFlags != null) {
            meta.put("load_server_jvm_flags", loadServerJvmFlags);
        }
        meta.put("server_args", serverArgs);
        if (cellJvm != null) {
            Map<String, Object> cells = JsonFields.objectOf("heap_rule", cellJvm.heapRule(), "xmx", cellJvm.xmx());
            if (cellJvm.linkDelayMicros() != null) {        // absent, as it was, in runs made before it existed
                cells.put("link_delay_us", cellJvm.linkDelayMicros());
            }
            meta.put("cell_jvm", cells);
        }
        if (sourceAddresses != null) {
            meta.put("source_addresses", sourceAddresses);
        }
        if (cpus != null) {
            meta.put("cpus", cpus.toJson());
        }
        meta.putAll(JsonFields.objectOf("generator_jvm_flags", generatorJvmFlags,
                "machine", machine.toJson(), "git", git.toJson()));
        if (repeats != null) {
            meta.put("repeats", repeats);
            meta.put("generator_warmup", generatorWarmup == null ? null : generatorWarmup.toJson());
        }
        return meta;
    }

    /** The {@code cpus} object {@link #toJson()} wrote; null when absent (mem, or an older run). */
    private static CpuPinning cpus(JsonFields cpus) {
        return cpus == null ? null : new CpuPinning(cpus.text("server"), cpus.text("generator"));
    }

    /** The meta {@link #toJson()} wrote. */
    static RunMeta fromJson(JsonFields json) {
        JsonFields jdk = json.object("jdk");
        JsonFields cells = json.object("cell_jvm");
        JsonFields machine = json.object("machine");
        JsonFields git = json.object("git");
        CellJvm cellJvm = null;
        if (cells != null) {
            Map<String, String> xmx = new LinkedHashMap<>();
            JsonFields heaps = cells.object("xmx");
            for (String cell : heaps.map().keySet()) {
                xmx.put(cell, heaps.text(cell));
            }
            cellJvm = new CellJvm(cells.text("heap_rule"), xmx, cells.has("link_delay_us") ? cells.whole("link_delay_us") : null);
        }
        return new RunMeta(json.text("command"), json.text("profile"), json.text("transport"), json.text("start"),
                json.text("end"), new Jdk(jdk.text("java"), jdk.text("vendor"), jdk.text("vm"), jdk.text("version")),
                json.texts("server_jvm_flags"), json.has("load_server_jvm_flags") ? json.texts("load_server_jvm_flags") : null,
                json.texts("server_args"), cellJvm,
                json.has("source_addresses") ? json.texts("source_addresses") : null, cpus(json.object("cpus")),
                json.texts("generator_jvm_flags"),
                new Machine(machine.text("os"), machine.text("kernel"), machine.text("arch"), machine.integer("cores"),
                        machine.whole("memory_bytes")),
                new Git(git.text("commit"), git.flag("dirty")), json.integer("repeats"),
                GeneratorWarmup.fromJson(json.object("generator_warmup")));
    }
}
