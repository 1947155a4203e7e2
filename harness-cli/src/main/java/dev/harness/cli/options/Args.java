package dev.harness.cli.options;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/**
 * Option values as text: each parser turns a bad one into a {@link UsageException} that names the option, and
 * each writer gives text that its parser reads back as the same value. Also the command line as typed.
 */
public final class Args {

    private Args() {
    }

    /** The command as typed, rebuilt from its parsed options (for the record in result files). */
    public static List<String> commandLine(String command, CommandLine line) {
        List<String> words = new ArrayList<>(List.of("harness", command));
        for (Option o : line.getOptions()) {
            words.add("--" + o.getLongOpt());
            if (o.hasArg()) {
                words.add(o.getValue());
            }
        }
        return words;
    }

    /** {@code -h}, {@code --help}: every command has it. */
    public static Option help() {
        return Option.builder("h").longOpt("help").desc("this help").build();
    }

    static int wholeNumber(String option, String text, int min, int max) throws UsageException {
        return (int) longNumber(option, text, min, max);
    }

    /** A whole number from {@code min} to {@code max} that may pass an int, e.g. a count of bytes. */
    static long longNumber(String option, String text, long min, long max) throws UsageException {
        long value;
        try {
            value = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " takes a whole number, got '" + text + "'");
        }
        if (value < min || value > max) {
            throw new UsageException("--" + option + " must be from " + min + " to " + max + ", got " + text);
        }
        return value;
    }

    /** A number above 0, e.g. a rate. */
    static double positiveNumber(String option, String text) throws UsageException {
        double v;
        try {
            v = Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " takes a number, got '" + text + "'");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new UsageException("--" + option + " must be a positive number, got " + text);
        }
        return v;
    }

    /** A whole number as itself, any other as Java writes a double: both parse back exactly. */
    static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * A duration such as {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 250us}; a bare number is
     * seconds.
     */
    static Duration duration(String option, String text) throws UsageException {
        String t = text.trim();
        int split = 0;
        while (split < t.length() && (Character.isDigit(t.charAt(split)) || t.charAt(split) == '.')) {
            split++;
        }
        String unit = t.substring(split);
        double amount;
        try {
            amount = Double.parseDouble(t.substring(0, split));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " takes a duration like 500ms, 10s or 2m, got '" + text + "'");
        }
        double nanosPerUnit = switch (unit) {
            case "ns" -> 1;
            case "us" -> 1e3;
            case "ms" -> 1e6;
            case "s", "" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            default -> throw new UsageException("--" + option + " takes a duration like 500ms, 10s or 2m; unknown unit '"
                    + unit + "' in '" + text + "'");
        };
        return Duration.ofNanos(Math.round(amount * nanosPerUnit));
    }

    /** Whole milliseconds as {@code Nms}, anything finer as {@code Nns}: both parse back exactly. */
    static String duration(Duration d) {
        long nanos = d.toNanos();
        return nanos % 1_000_000 == 0 ? nanos / 1_000_000 + "ms" : nanos + "ns";
    }

    /**
     * A wall-clock instant: ISO-8601 with its offset ({@code 2026-12-05T09:30:00Z},
     * {@code 2026-12-05T10:30:00+01:00}) or milliseconds since the epoch.
     */
    static Instant instant(String option, String text) throws UsageException {
        String t = text.trim();
        try {
            return t.chars().allMatch(Character::isDigit) && !t.isEmpty() ? Instant.ofEpochMilli(Long.parseLong(t))
                    : OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new UsageException("--" + option + " takes an ISO-8601 instant with its offset, e.g."
                    + " 2026-12-05T09:30:00Z, or milliseconds since the epoch, got '" + text + "'");
        }
    }

    /** {@code HOST:PORT}, unresolved so that a name that does not resolve is reported where it is used. */
    static InetSocketAddress hostPort(String option, String text) throws UsageException {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UsageException("--" + option + " takes HOST:PORT, e.g. 127.0.0.1:9000, got '" + text + "'");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " takes HOST:PORT with a numeric port, got '" + text + "'");
        }
        if (port < 1 || port > 65535) {
            throw new UsageException("--" + option + ": port must be 1..65535, got " + port);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, port);
    }

    /** {@code A,B,...}: the addresses of a comma-separated list, at least one. */
    static List<InetAddress> addresses(String option, String text) throws UsageException {
        List<InetAddress> list = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                list.add(InetAddress.getByName(p));
            } catch (UnknownHostException e) {
                throw new UsageException("--" + option + ": '" + p + "' is not an address");
            }
        }
        if (list.isEmpty()) {
            throw new UsageException("--" + option + " takes a comma-separated list of addresses, got '" + text + "'");
        }
        return list;
    }

    /** One of {@code type}'s constants by its name in lower case. */
    static <E extends Enum<E>> E choice(String option, String text, Class<E> type) throws UsageException {
        try {
            return Enum.valueOf(type, text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + option + " takes one of " + String.join(", ",
                    Arrays.stream(type.getEnumConstants()).map(Args::choice).toList()) + ", got '" + text + "'");
        }
    }

    /** A constant as {@link #choice(String, String, Class)} reads it. */
    static String choice(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }
}
