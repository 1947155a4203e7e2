package dev.harness.proactor.server;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The live objects of this JVM by class, as {@code jcmd PID GC.class_histogram} prints them (taken in
 * process through the DiagnosticCommand MBean; it runs a full GC first). A {@link #baseline()} before
 * opening connections and a {@link #since} after say what each connection holds, class by class.
 */
final class ClassHistogram {

    /** What was added per connection since a baseline: live bytes, and one line per class that grew. */
    record PerConnection(double bytes, String classes) {
    }

    private record Entry(long instances, long bytes) {
    }

    private final Map<String, Entry> byClass;
    private final long totalBytes;

    private ClassHistogram(Map<String, Entry> byClass) {
        this.byClass = byClass;
        this.totalBytes = byClass.values().stream().mapToLong(Entry::bytes).sum();
    }

    /**
     * A histogram to compare later ones with: taken while another histogram is alive, as one (this) will be
     * when the later one is taken, so the difference leaves out what the histograms themselves hold.
     */
    static ClassHistogram baseline() throws JMException {
        ClassHistogram previous = take();
        ClassHistogram baseline = take();
        Reference.reachabilityFence(previous);
        return baseline;
    }

    /**
     * What {@code connections} connections opened since {@code baseline} hold, from a histogram taken now and
     * not kept (so that one histogram, the baseline, is alive at every take).
     */
    static PerConnection since(ClassHistogram baseline, int connections) throws JMException {
        ClassHistogram now = take();
        return new PerConnection((now.totalBytes - baseline.totalBytes) / (double) connections,
                now.perConnection(baseline, connections));
    }

    private static ClassHistogram take() throws JMException {
        String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                new Object[] {new String[0]}, new String[] {String[].class.getName()});
        Map<String, Entry> byClass = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 4 && fields[0].endsWith(":")) {
                byClass.put(fields[3], new Entry(Long.parseLong(fields[1]), Long.parseLong(fields[2])));
            }
        }
        return new ClassHistogram(byClass);
    }

    /**
     * The classes that grew by at least one byte per connection since {@code before}, largest first, as
     * lines of instances and bytes per connection.
     */
    private String perConnection(ClassHistogram before, int connections) {
        record Growth(String name, long instances, long bytes) {
        }
        List<Growth> grown = new ArrayList<>();
        byClass.forEach((name, now) -> {
            Entry was = before.byClass.getOrDefault(name, new Entry(0, 0));
            if (now.bytes() - was.bytes() >= connections) {
                grown.add(new Growth(name, now.instances() - was.instances(), now.bytes() - was.bytes()));
            }
        });
        grown.sort(Comparator.comparingLong(Growth::bytes).reversed());
        StringBuilder out = new StringBuilder();
        for (Growth g : grown) {
            out.append(String.format(Locale.ROOT, "  %-52s %6.2f instances %7.1f bytes per connection%n",
                    g.name(), g.instances() / (double) connections, g.bytes() / (double) connections));
        }
        return out.toString();
    }
}
