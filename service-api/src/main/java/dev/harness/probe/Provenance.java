package dev.harness.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where a result comes from: the JDK, the machine and the checkout, as every {@code meta.json} records them
 * (a {@code harness run}'s and a {@code harness bench}'s alike, with the same field names). Each part reads
 * its values once, when it is made; {@link Git#of} runs {@code git} twice. {@code toJson} gives each part as
 * an ordered map, null values kept, for any JSON writer.
 */
public final class Provenance {

    private Provenance() {
    }

    /**
     * @param java    the java binary that ran (or started) what was measured
     * @param vendor  {@code java.vendor}
     * @param vm      {@code java.vm.name}
     * @param version the runtime's version
     */
    public record Jdk(String java, String vendor, String vm, String version) {

        /** This JVM's vendor, VM and version, with {@code java} as the binary that was run. */
        public static Jdk current(String java) {
            return new Jdk(java, System.getProperty("java.vendor"), System.getProperty("java.vm.name"),
                    Runtime.version().toString());
        }

        /** The {@code jdk} object of a meta.json. */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("java", java);
            json.put("vendor", vendor);
            json.put("vm", vm);
            json.put("version", version);
            return json;
        }
    }

    /**
     * @param os          {@code os.name}
     * @param kernel      {@code os.version}
     * @param arch        {@code os.arch}
     * @param cores       the processors this JVM may use
     * @param memoryBytes {@code MemTotal} of {@code /proc/meminfo}; null when unknown
     */
    public record Machine(String os, String kernel, String arch, int cores, Long memoryBytes) {

        /** This machine, as this JVM sees it. */
        public static Machine current() {
            long memory = memTotalBytes();
            return new Machine(System.getProperty("os.name"), System.getProperty("os.version"),
                    System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), memory > 0 ? memory : null);
        }

        /** The {@code machine} object of a meta.json. */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("os", os);
            json.put("kernel", kernel);
            json.put("arch", arch);
            json.put("cores", cores);
            json.put("memory_bytes", memoryBytes);
            return json;
        }
    }

    /**
     * @param commit the checkout's commit; null outside a checkout
     * @param dirty  whether tracked files were modified; null outside a checkout
     */
    public record Git(String commit, Boolean dirty) {

        /** The checkout at {@code root}; both fields null when {@code root} is null or not a git checkout. */
        public static Git of(Path root) {
            String commit = git(root, "rev-parse", "HEAD");
            return new Git(commit, commit == null ? null
                    : !git(root, "status", "--porcelain", "--untracked-files=no").isEmpty());
        }

        /** The {@code git} object of a meta.json. */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("commit", commit);
            json.put("dirty", dirty);
            return json;
        }
    }

    /** {@code MemTotal} of {@code /proc/meminfo} in bytes; 0 when it cannot be read. */
    public static long memTotalBytes() {
        return meminfoBytes("MemTotal:");
    }

    /**
     * {@code MemAvailable} of {@code /proc/meminfo} in bytes, now: what the kernel can give a new process without
     * swapping (the machine's memory less what other processes hold); 0 when it cannot be read.
     */
    public static long memAvailableBytes() {
        return meminfoBytes("MemAvailable:");
    }

    private static long meminfoBytes(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    /** The output of a git command in {@code root}, trimmed; null when git or the repository is missing. */
    private static String git(Path root, String... args) {
        if (root == null) {
            return null;
        }
        try {
            List<String> command = new ArrayList<>(List.of("git", "-C", root.toString()));
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
