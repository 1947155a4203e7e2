package dev.harness.cli.run;

import dev.harness.probe.Provenance;
import java.util.List;

/**
 * The heap of a {@code --transport mem} cell's JVM, which holds the server, the generator and both ends of
 * every connection: {@value #BASE_MIB} MiB plus {@value #BYTES_PER_CONNECTION} bytes per connection, capped so
 * that the heap, the collector's own memory beside it, the rest of the JVM and the operating system fit in the
 * memory there is: at most {@value #MAX_SHARE_PERCENT}% of the machine's memory ({@code MemTotal}), and at most
 * what is available when the cell starts ({@code MemAvailable}, which other processes have already taken from)
 * less {@value #JVM_NATIVE_MIB} MiB for the JVM's own (metaspace, code, platform threads) and less
 * {@value #COLLECTOR_NATIVE_PERCENT}% of the heap for the collector's (G1's remembered sets, marking bitmaps
 * and card table live outside the heap, and grow with it). A heap that used all the machine's memory would
 * leave the collector none, and the kernel would kill the cell instead of the JVM reporting
 * {@code OutOfMemoryError}.
 *
 * <p>Why these numbers. The live set per idle connection, server, generator and pipes together, is about
 * 1.1 KB for virtual-threads and 0.6 KB for proactor-act ({@code jcmd GC.class_histogram} at a million:
 * docs/million-connections.md), and about 1.9 KB for a virtual-threads connection once it has carried a
 * request (the JDK's stack chunks: larger, and two for most threads); {@value #BYTES_PER_CONNECTION}
 * bytes leaves G1 room beside that live set while the request phase touches every connection (a full heap
 * makes it collect back to back), and the base more below a few million. It was 8 KiB, sized from a peak measured at 100,000 connections,
 * which asked for 79 GiB at ten million and so left the cap alone to decide. The cap is
 * {@value #MAX_SHARE_PERCENT}%, not 75%: at ten million the heap is full of live objects, the collector's
 * native memory grows with it, and on a 24 GiB machine 70% of heap plus a tenth of it for the collector plus
 * the JVM's half GiB leaves about 4.5 GiB to the kernel, its page cache and the other processes; 75% left
 * 3.3 GiB. The base holds the JVM, the histograms and the young generation.
 *
 * @param xmxMib      the chosen {@code -Xmx}, MiB
 * @param wantedMib   what the rule asked for, MiB
 * @param capMib      the cap, MiB; 0 when the machine's memory is unknown (no cap)
 * @param connections the connection count it was sized for
 * @param capBasis    what set the cap, for the record
 */
record ChildHeap(long xmxMib, long wantedMib, long capMib, int connections, String capBasis) {

    static final long BASE_MIB = 1024;
    static final long BYTES_PER_CONNECTION = 3 * 1024;
    static final int MAX_SHARE_PERCENT = 70;
    static final long JVM_NATIVE_MIB = 512;
    static final int COLLECTOR_NATIVE_PERCENT = 10;
    private static final long MIB = 1024 * 1024;

    /**
     * The heap for {@code connections} on a machine with {@code memTotalBytes} of which {@code memAvailableBytes}
     * are available (either 0 or less: unknown, and that bound is not applied).
     */
    static ChildHeap forConnections(int connections, long memTotalBytes, long memAvailableBytes) {
        long wanted = BASE_MIB + ceilDiv((long) connections * BYTES_PER_CONNECTION, MIB);
        long ofTotal = memTotalBytes > 0 ? memTotalBytes / MIB * MAX_SHARE_PERCENT / 100 : 0;
        long ofAvailable = memAvailableBytes > 0
                ? Math.max(0, memAvailableBytes / MIB - JVM_NATIVE_MIB) * 100 / (100 + COLLECTOR_NATIVE_PERCENT) : 0;
        long cap;
        String basis;
        if (ofAvailable > 0 && (ofTotal == 0 || ofAvailable < ofTotal)) {
            cap = ofAvailable;
            basis = String.format("%,d MiB available less %d MiB for the JVM and %d%% of the heap for the collector",
                    memAvailableBytes / MIB, JVM_NATIVE_MIB, COLLECTOR_NATIVE_PERCENT);
        } else {
            cap = ofTotal;
            basis = MAX_SHARE_PERCENT + "% of memory";
        }
        return new ChildHeap(cap > 0 ? Math.min(wanted, cap) : wanted, wanted, cap, connections, basis);
    }

    /** As {@link #forConnections(int, long, long)} with this machine's memory, as it is now. */
    static ChildHeap forConnections(int connections) {
        return forConnections(connections, Provenance.memTotalBytes(), Provenance.memAvailableBytes());
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
        return flag() + " (" + rule + (capped() ? ", capped at " + capMib + " MiB = " + capBasis + ": the rule asked for "
                + wantedMib + " MiB" : capMib > 0 ? "; cap " + capMib + " MiB = " + capBasis : "") + ")";
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

    /**
     * {@code flags} with {@code -XX:+ExitOnOutOfMemoryError}, unless they already say what an
     * {@code OutOfMemoryError} does (Exit or Crash, on or off). A cell whose heap ran out has no result to
     * give; without the flag its JVM ran on with threads dead of it (a ten-million cell drained for minutes,
     * and the line its failure was reported by was another thread's stack frame or complaint).
     */
    static List<String> exitOnOutOfMemory(List<String> flags) {
        if (flags.stream().anyMatch(f -> f.contains("ExitOnOutOfMemoryError") || f.contains("CrashOnOutOfMemoryError"))) {
            return flags;
        }
        List<String> out = new java.util.ArrayList<>(flags);
        out.add("-XX:+ExitOnOutOfMemoryError");
        return List.copyOf(out);
    }

    /** The {@code -Xmx} flag in {@code flags} that a JVM obeys (the last), or null when there is none. */
    static String xmxOf(List<String> flags) {
        String xmx = null;
        for (String f : flags) {
            if (f.startsWith("-Xmx")) {
                xmx = f;
            }
        }
        return xmx;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
