package dev.harness.cli.measure;

import dev.harness.probe.ProcProbe;
import dev.harness.probe.ProcessSample;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a server's memory and threads at one moment, the heap after a full collection so that only live
 * objects count: the idle-connections scenario reads once before the connections open and once while they
 * are held, and divides the differences by the connections.
 *
 * <ul>
 *   <li>{@link InProcess}: the server runs in this JVM ({@code --transport mem}). {@code MemoryMXBean.gc()},
 *       then the heap's used bytes; RSS from {@code /proc/self/status}; the server's threads by name
 *       ({@link ThreadGroups}). Heap and RSS hold the generator's ends of the connections too.
 *   <li>{@link OtherProcess}: the server runs in a JVM of its own ({@code --transport tcp}).
 *       {@code jcmd PID GC.run}, then {@code jcmd PID GC.heap_info}'s used bytes; RSS and threads from
 *       {@code /proc/PID}. Without {@code jcmd} (a runtime, not a JDK) the heap is unknown (null).
 * </ul>
 *
 * A reading costs a full collection of the server's heap, which grows with the connections it holds.
 */
public sealed interface MemoryProbe {

    /**
     * @param heapUsedBytes the heap's used bytes after a full collection; null when it cannot be read
     * @param rssBytes      the process's resident set
     * @param threads       the server's threads (in process: the server group; otherwise the whole process)
     */
    public record Reading(Long heapUsedBytes, long rssBytes, int threads) {
    }

    Reading read() throws InterruptedException;

    /** How the heap is read, for the record. */
    String source();

    /**
     * Both readings and the bytes per connection held.
     *
     * @param before       read before the connections opened
     * @param held         read while {@code connections} were held idle
     * @param connections  the connections the server held at {@code held}
     * @param settleMillis how long the server took to take them
     */
    default IdleMemory memory(Reading before, Reading held, int connections, long settleMillis) {
        Double heap = before.heapUsedBytes() == null || held.heapUsedBytes() == null || connections == 0 ? null
                : ServerCosts.round((double) (held.heapUsedBytes() - before.heapUsedBytes()) / connections);
        Double rss = connections == 0 ? null : ServerCosts.round((double) (held.rssBytes() - before.rssBytes()) / connections);
        return new IdleMemory(connections, heap, rss, held.threads(), before.heapUsedBytes(), held.heapUsedBytes(),
                before.rssBytes(), held.rssBytes(), before.threads(), source(), settleMillis, null);
    }

    /** The server in this JVM. */
    public record InProcess() implements MemoryProbe {
        @Override
        public Reading read() {
            ManagementFactory.getMemoryMXBean().gc();
            long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            return new Reading(heap, ProcProbe.self().rssBytes(), ThreadGroups.read().get(ThreadGroups.Group.SERVER).threads());
        }

        @Override
        public String source() {
            return "MemoryMXBean after MemoryMXBean.gc(), in the JVM that runs server and generator";
        }
    }

    /** The server in process {@code pid}, reached with the {@code jcmd} binary at {@code jcmd} (null: none). */
    public record OtherProcess(long pid, Path jcmd) implements MemoryProbe {

        private static final Pattern USED = Pattern.compile("heap.*?used (\\d+)K");

        /** The jcmd beside {@code java} (the binary that started the server), or null when there is none. */
        public static Path jcmdBeside(String java) {
            Path candidate = Path.of(java).resolveSibling("jcmd");
            return Files.isExecutable(candidate) ? candidate : null;
        }

        @Override
        public Reading read() throws InterruptedException {
            Long heap = null;
            if (jcmd != null && run("GC.run") != null) {
                String info = run("GC.heap_info");
                Matcher m = info == null ? null : USED.matcher(info);
                if (m != null && m.find()) {
                    heap = Long.parseLong(m.group(1)) * 1024;
                }
            }
            ProcessSample sample = ProcProbe.sample(pid);
            return new Reading(heap, sample.rssBytes(), sample.threads());
        }

        @Override
        public String source() {
            return jcmd == null ? "unknown: no jcmd beside the java that started the server"
                    : "jcmd PID GC.heap_info after jcmd PID GC.run";
        }

        private String run(String command) throws InterruptedException {
            try {
                Process p = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                        .redirectErrorStream(true).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    return null;
                }
                return p.exitValue() == 0 ? out : null;
            } catch (IOException e) {
                return null;
            }
        }
    }
}
