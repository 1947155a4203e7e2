package dev.harness.cli.compare;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An absolute goal, as k6 states thresholds: {@code echo.proactor-act.p99_us<5000} — scenario, server
 * ({@code *} for any), metric key, then {@code <}, {@code <=}, {@code >} or {@code >=} and a number. It holds
 * when every repeat of the current run meets it: the highest repeat for {@code <}, the lowest for {@code >}.
 *
 * @param scenario a scenario name or {@code *}
 * @param server   a server name or {@code *}
 * @param metric   what it bounds
 * @param op       the comparison
 * @param limit    the bound, in the metric's unit
 * @param text     as the user wrote it
 */
public record Threshold(String scenario, String server, Metric metric, Op op, double limit, String text) {

    /** The comparison of a threshold. */
    public enum Op {
        LT("<"), LE("<="), GT(">"), GE(">=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException(symbol);
        }

        /** Whether {@code value op limit}. */
        boolean holds(double value, double limit) {
            return switch (this) {
                case LT -> value < limit;
                case LE -> value <= limit;
                case GT -> value > limit;
                case GE -> value >= limit;
            };
        }

        boolean upper() {
            return this == LT || this == LE;
        }
    }

    private static final Pattern FORM = Pattern.compile("\\s*([^.\\s]+)\\.([^.\\s]+)\\.([a-z0-9_]+)\\s*(<=|>=|<|>)\\s*(\\S+)\\s*");

    /**
     * {@code text} as a threshold.
     *
     * @throws IllegalArgumentException saying what is wrong and showing the form
     */
    public static Threshold parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("a threshold is SCENARIO.SERVER.METRIC<NUMBER (or <=, >, >=; * for any"
                    + " scenario or server), e.g. 'echo.proactor-act.p99_us<5000', got '" + text + "'");
        }
        Metric metric = Metric.byKey(m.group(3).toLowerCase(Locale.ROOT));
        double limit;
        try {
            limit = Double.parseDouble(m.group(5).replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("threshold '" + text + "': '" + m.group(5) + "' is not a number");
        }
        if (!Double.isFinite(limit)) {
            throw new IllegalArgumentException("threshold '" + text + "': the bound must be finite");
        }
        return new Threshold(m.group(1), m.group(2), metric, Op.of(m.group(4)), limit, text.trim());
    }

    /** Whether it bounds the cell of {@code scenario} and {@code server}. */
    boolean covers(String scenarioName, String serverName) {
        return (scenario.equals("*") || scenario.equals(scenarioName)) && (server.equals("*") || server.equals(serverName));
    }

    /** Whether it is an upper bound ({@code <}, {@code <=}), judged on the highest repeat. */
    boolean upperBound() {
        return op.upper();
    }

    /** Whether {@code range}, a cell's current figures, meets it: its highest against an upper bound, else its lowest. */
    boolean heldBy(Range range) {
        return op.holds(upperBound() ? range.max() : range.min(), limit);
    }
}
