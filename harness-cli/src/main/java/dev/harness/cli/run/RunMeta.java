package dev.harness.cli.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** What a run needs to be reproduced: the {@code meta.json} of a results folder. */
final class RunMeta {

    private RunMeta() {
    }

    /**
     * @param cellHeaps mem: the {@code -Xmx} of each cell's JVM by {@code server/scenario[/step]}; empty over tcp
     */
    static Map<String, Object> describe(RunSettings settings, Profile profile, Instant start, Instant end,
                                        Path projectRoot, Map<String, String> cellHeaps) {
        String java = settings.java();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("command", String.join(" ", settings.commandLine()));
        meta.put("profile", profile.cliName());
        meta.put("transport", settings.transport().name());
        meta.put("start", start.toString());
        meta.put("end", end == null ? null : end.toString());
        Map<String, Object> jdk = new LinkedHashMap<>();
        jdk.put("java", java);
        jdk.put("vendor", System.getProperty("java.vendor"));
        jdk.put("vm", System.getProperty("java.vm.name"));
        jdk.put("version", Runtime.version().toString());
        meta.put("jdk", jdk);
        meta.put("server_jvm_flags", settings.serverJvmFlags());
        meta.put("server_args", settings.serverArgs());
        if (settings.mem()) {
            Map<String, Object> cells = new LinkedHashMap<>();
            cells.put("heap_rule", settings.userChoseHeap() ? "the -Xmx of --server-jvm-flags"
                    : ChildHeap.BASE_MIB + " MiB + " + ChildHeap.BYTES_PER_CONNECTION + " bytes per connection, at most "
                    + ChildHeap.MAX_SHARE_PERCENT + "% of memory_bytes");
            cells.put("xmx", cellHeaps);
            meta.put("cell_jvm", cells);
        } else {
            meta.put("source_addresses", settings.sourceAddresses().stream().map(InetAddress::getHostAddress).toList());
        }
        meta.put("generator_jvm_flags", ManagementFactory.getRuntimeMXBean().getInputArguments());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("os", System.getProperty("os.name"));
        machine.put("kernel", System.getProperty("os.version"));
        machine.put("arch", System.getProperty("os.arch"));
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        long memory = ChildHeap.memTotalBytes();
        machine.put("memory_bytes", memory > 0 ? memory : null);
        meta.put("machine", machine);
        Map<String, Object> git = new LinkedHashMap<>();
        String commit = git(projectRoot, "rev-parse", "HEAD");
        git.put("commit", commit);
        git.put("dirty", commit == null ? null : !git(projectRoot, "status", "--porcelain", "--untracked-files=no").isEmpty());
        meta.put("git", git);
        return meta;
    }

    /** The output of a git command in {@code root}, trimmed; null when git or the repository is missing. */
    private static String git(Path root, String... args) {
        if (root == null) {
            return null;
        }
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
