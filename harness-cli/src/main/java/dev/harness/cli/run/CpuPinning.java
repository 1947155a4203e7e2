package dev.harness.cli.run;

import dev.harness.cli.measure.Executables;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Which cores each side of a tcp run may use ({@code --cpus server=LIST,generator=LIST}), so that the server and
 * the generator do not take each other's cores: the server JVM is started under {@code taskset -c LIST}, and the
 * generator's JVM (this one) is moved with {@code taskset -a -p -c LIST PID}, every thread of it, before any cell
 * (threads started later inherit it). A LIST is what taskset takes: cores and ranges, {@code 0} or {@code 0-1,3}.
 * Either side may be left out: it then runs wherever the scheduler puts it. Over mem, server and generator are
 * threads of one JVM and cannot be pinned apart: {@link #parse} is never reached there (the run refuses it).
 *
 * @param server    the server's cores, or null for any
 * @param generator the generator's cores, or null for any
 */
public record CpuPinning(String server, String generator) {

    /** No pinning: the default on two cores, from measurement (README, "Pinning"). */
    public static final CpuPinning NONE = new CpuPinning(null, null);

    private static final Pattern LIST = Pattern.compile("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");
    private static final Pattern ENTRY = Pattern.compile("\\d+(-\\d+)?");

    /**
     * {@code server=LIST,generator=LIST} (either may be left out), checked against the {@code cores} of this
     * machine.
     *
     * @throws IllegalArgumentException saying what is wrong and what is expected
     */
    public static CpuPinning parse(String text, int cores) {
        Map<String, List<String>> lists = new LinkedHashMap<>();
        List<String> current = null;
        for (String part : text.split(",")) {
            String token = part.trim();
            int eq = token.indexOf('=');
            if (eq >= 0) {
                String side = token.substring(0, eq);
                if (!side.equals("server") && !side.equals("generator")) {
                    throw new IllegalArgumentException("--cpus names server and generator, got '" + side + "'; e.g. --cpus "
                            + "server=0,generator=1");
                }
                if (lists.containsKey(side)) {
                    throw new IllegalArgumentException("--cpus names " + side + " twice");
                }
                current = new ArrayList<>();
                lists.put(side, current);
                token = token.substring(eq + 1);
            }
            if (current == null || !ENTRY.matcher(token).matches()) {
                throw new IllegalArgumentException("--cpus takes server=LIST,generator=LIST, LIST as taskset reads it (0, "
                        + "0-1, 0,2), got '" + text + "'");
            }
            for (String bound : token.split("-")) {
                if (Integer.parseInt(bound) >= cores) {
                    throw new IllegalArgumentException("--cpus: core " + bound + " does not exist: this machine has "
                            + cores + " (0 to " + (cores - 1) + ")");
                }
            }
            current.add(token);
        }
        CpuPinning pinning = new CpuPinning(join(lists.get("server")), join(lists.get("generator")));
        if (pinning.equals(NONE)) {
            throw new IllegalArgumentException("--cpus needs server=LIST, generator=LIST or both");
        }
        return pinning;
    }

    private static String join(List<String> list) {
        return list == null ? null : String.join(",", list);
    }

    public CpuPinning {
        for (String list : new String[] {server, generator}) {
            if (list != null && !LIST.matcher(list).matches()) {
                throw new IllegalArgumentException("not a core list: " + list);
            }
        }
    }

    /** Whether {@code taskset} can be run here (util-linux). */
    public static boolean tasksetAvailable() {
        return Executables.onPath("taskset");
    }

    /** What goes before a server's command: {@code taskset -c LIST}, or nothing. */
    List<String> serverPrefix() {
        return server == null ? List.of() : List.of("taskset", "-c", server);
    }

    /**
     * Moves every thread of this JVM (the generator's) onto its cores; nothing without a generator list.
     *
     * @throws IOException when taskset fails, with what it said
     */
    public void pinGenerator() throws IOException, InterruptedException {
        if (generator == null) {
            return;
        }
        Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", generator,
                Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true).start();
        String said = new String(taskset.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!taskset.waitFor(10, TimeUnit.SECONDS) || taskset.exitValue() != 0) {
            throw new IOException("cannot pin the generator to cores " + generator + ": taskset said: " + said);
        }
    }

    /** The {@code cpus} object of meta.json: each side's cores, null for any. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("server", server);
        json.put("generator", generator);
        return json;
    }
}
