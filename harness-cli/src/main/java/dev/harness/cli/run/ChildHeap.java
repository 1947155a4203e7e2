package dev.harness.cli.run;

import dev.harness.probe.Provenance;
import java.util.List;

/**
 * The heap of a {@code --transport mem} cell's JVM, which holds the server, the generator and both ends of
 * every connection: {@value #BASE_MIB} MiB plus {@value #BYTES_PER_CONNECTION} bytes per connection, at most
 * {@value #MAX_SHARE_PERCENT}% of the machine's memory ({@code MemTotal} of {@code /proc/meminfo}).
 *
 * <p>The per-connection figure is between two and three times the most a cell JVM held at its peak per
 * connection (virtual-threads at 100,000 connections, held and then all used: about 3.1 KB per connection
 * before a collection; the README's {@code --transport mem} section has the command), so that the collector
 * has room while the request phase runs over every connection; the base holds the JVM, the histograms and
 * the young generation. A cap below what the rule asks for is printed as such: the cell may
 * then fail with {@code OutOfMemoryError}, which is reported as its cause.
 *
 * @param xmxMib        the chosen {@code -Xmx}, MiB
 * @param wantedMib     what the rule asked for, MiB
 * @param capMib        the cap, MiB; 0 when the machine's memory is unknown (no cap)
 * @param connections   the connection count it was sized for
 */
record ChildHeap(long xmxMib, long wantedMib, long capMib, int connections) {

    static final long BASE_MIB = 1024;
    static final long BYTES_PER_CONNECTION = 8 * 1024;
    static final int MAX_SHARE_PERCENT = 75;

    /** The heap for {@code connections} on a machine with {@code memTotalBytes} (0 or less: unknown). */
    static ChildHeap forConnections(int connections, long memTotalBytes) {
        long wanted = BASE_MIB + ceilDiv((long) connections * BYTES_PER_CONNECTION, 1024 * 1024);
        long cap = memTotalBytes > 0 ? memTotalBytes / (1024 * 1024) * MAX_SHARE_PERCENT / 100 : 0;
        return new ChildHeap(cap > 0 ? Math.min(wanted, cap) : wanted, wanted, cap, connections);
    }

    /** As {@link #forConnections(int, long)} with this machine's memory. */
    static ChildHeap forConnections(int connections) {
        return forConnections(connections, Provenance.memTotalBytes());
    }

    /** True when the cap cut the rule's heap. */
    boolean capped() {
        return xmxMib < wantedMib;
    }

    /** The JVM flag. */
    String flag() {
        return "-Xmx" + xmxMib + "m";
    }

    /** One line for stderr and the record: the flag and how it was chosen. */
    String describe() {
        String rule = String.format("%d MiB + %d KiB x %,d connections", BASE_MIB, BYTES_PER_CONNECTION / 1024, connections);
        return flag() + " (" + rule + (capped() ? ", capped at " + MAX_SHARE_PERCENT + "% of memory: the rule asked for "
                + wantedMib + " MiB" : capMib > 0 ? "; cap " + capMib + " MiB = " + MAX_SHARE_PERCENT + "% of memory" : "") + ")";
    }

    /**
     * {@code flags} with this heap: every {@code -Xmx} and {@code -Xms} in them is replaced, unless the user's
     * flags chose a heap ({@code userChoseHeap}), which is kept as given.
     */
    List<String> applyTo(List<String> flags, boolean userChoseHeap) {
        if (userChoseHeap) {
            return List.copyOf(flags);
        }
        List<String> out = new java.util.ArrayList<>();
        for (String f : flags) {
            if (!f.startsWith("-Xmx") && !f.startsWith("-Xms")) {
                out.add(f);
            }
        }
        out.add(flag());
        return out;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
