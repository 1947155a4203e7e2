package dev.harness.server;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * How long one event loop was blocked by the code it called: every handler call or completion that held
 * the loop longer than the threshold, counted and summed. Every other connection of the loop waited that
 * long. A server without event loops reports none.
 *
 * @param loop           the loop thread's name, e.g. {@code proactor-0}
 * @param thresholdNanos a call at least this long counts
 * @param slowCalls      calls that counted
 * @param blockedNanos   their summed duration
 * @param longestNanos   the longest one
 */
public record LoopBlocking(String loop, long thresholdNanos, long slowCalls, long blockedNanos, long longestNanos) {

    /**
     * {@code loops} as one line of text, {@code LOOP THRESHOLD CALLS BLOCKED LONGEST} per loop, separated by
     * {@code ;} (empty for none): how {@code harness serve} hands them to the run that started it.
     */
    public static String format(List<LoopBlocking> loops) {
        StringJoiner line = new StringJoiner(";");
        for (LoopBlocking l : loops) {
            line.add(l.loop + " " + l.thresholdNanos + " " + l.slowCalls + " " + l.blockedNanos + " " + l.longestNanos);
        }
        return line.toString();
    }

    /**
     * The loops {@link #format} wrote.
     *
     * @throws IllegalArgumentException when {@code line} is not such a line
     */
    public static List<LoopBlocking> parse(String line) {
        List<LoopBlocking> loops = new ArrayList<>();
        for (String loop : line.isBlank() ? new String[0] : line.split(";")) {
            String[] f = loop.trim().split(" ");
            if (f.length != 5) {
                throw new IllegalArgumentException("not a loop's blocking: '" + loop + "'");
            }
            loops.add(new LoopBlocking(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4])));
        }
        return loops;
    }
}
