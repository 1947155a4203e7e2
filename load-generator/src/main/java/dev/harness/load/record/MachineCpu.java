package dev.harness.load.record;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One reading of the whole machine's CPU time from {@code /proc/stat}: the ticks spent busy and in total over
 * every core, and the cores counted. Two readings around a measurement window give how busy the machine was
 * ({@link #busySince}): server, generator and anything else on it together, which tells whether a figure
 * measured the server or the lack of a free core. Busy is every state but {@code idle} and {@code iowait}.
 * Costs one small file read; take it at the window's edges.
 *
 * @param busyTicks  ticks spent busy, all cores
 * @param totalTicks ticks in total, all cores
 * @param cores      the {@code cpuN} lines: the cores online
 */
public record MachineCpu(long busyTicks, long totalTicks, int cores) {

    private static final Path STAT = Path.of("/proc/stat");

    /**
     * How busy the machine was over a window.
     *
     * @param cpuBusy the busy share of all cores' time, 0 to 1
     * @param cores   the cores online
     */
    public record Busy(double cpuBusy, int cores) {

        /** The {@code machine} object of summary.json. */
        public Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("cpu_busy", Math.round(cpuBusy * 1000) / 1000.0);
            json.put("cores", cores);
            return json;
        }
    }

    /** Reads the machine now; null where {@code /proc/stat} cannot be read. */
    public static MachineCpu read() {
        try {
            return parse(Files.readString(STAT, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The reading a {@code /proc/stat} text holds: its {@code cpu} line, and its {@code cpuN} lines counted. */
    public static MachineCpu parse(String stat) {
        long busy = -1;
        long total = 0;
        int cores = 0;
        for (String line : stat.split("\n")) {
            if (line.startsWith("cpu ")) {
                String[] fields = line.substring(4).strip().split("\\s+");
                // user nice system idle iowait irq softirq steal [guest guest_nice, already inside user and nice]
                int counted = Math.min(fields.length, 8);
                for (int i = 0; i < counted; i++) {
                    total += Long.parseLong(fields[i]);
                }
                busy = total - Long.parseLong(fields[3]) - (counted > 4 ? Long.parseLong(fields[4]) : 0);
            } else if (line.startsWith("cpu")) {
                cores++;
            }
        }
        if (busy < 0) {
            throw new IllegalArgumentException("no cpu line in /proc/stat");
        }
        return new MachineCpu(busy, total, cores);
    }

    /** How busy the machine was from {@code earlier} to this reading; null without ticks in between. */
    public Busy busySince(MachineCpu earlier) {
        long total = totalTicks - earlier.totalTicks;
        return total <= 0 ? null : new Busy((double) (busyTicks - earlier.busyTicks) / total, cores);
    }
}
