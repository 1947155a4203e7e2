package dev.harness.cli.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    static Map<String, Object> describe(String java, List<String> serverJvmFlags, List<String> commandLine,
                                        Profile profile, Instant start, Instant end, Path projectRoot) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("command", String.join(" ", commandLine));
        meta.put("profile", profile.cliName());
        meta.put("start", start.toString());
        meta.put("end", end == null ? null : end.toString());
        Map<String, Object> jdk = new LinkedHashMap<>();
        jdk.put("java", java);
        jdk.put("vendor", System.getProperty("java.vendor"));
        jdk.put("vm", System.getProperty("java.vm.name"));
        jdk.put("version", Runtime.version().toString());
        meta.put("jdk", jdk);
        meta.put("server_jvm_flags", serverJvmFlags);
        meta.put("generator_jvm_flags", ManagementFactory.getRuntimeMXBean().getInputArguments());
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("os", System.getProperty("os.name"));
        machine.put("kernel", System.getProperty("os.version"));
        machine.put("arch", System.getProperty("os.arch"));
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("memory_bytes", memTotalBytes());
        meta.put("machine", machine);
        Map<String, Object> git = new LinkedHashMap<>();
        String commit = git(projectRoot, "rev-parse", "HEAD");
        git.put("commit", commit);
        git.put("dirty", commit == null ? null : !git(projectRoot, "status", "--porcelain", "--untracked-files=no").isEmpty());
        meta.put("git", git);
        return meta;
    }

    private static Long memTotalBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
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
