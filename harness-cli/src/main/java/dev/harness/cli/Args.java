package dev.harness.cli;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/** Parses option values, turning every bad one into a {@link UsageException} that names the option. */
final class Args {

    private Args() {
    }

    /** An option {@code --name ARG} with its help text. */
    static Option option(String name, String arg, String description) {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(description).build();
    }

    /** The command as typed, rebuilt from its parsed options (for the record in result files). */
    static List<String> commandLine(String command, CommandLine line) {
        List<String> words = new ArrayList<>(List.of("harness", command));
        for (Option o : line.getOptions()) {
            words.add("--" + o.getLongOpt());
            if (o.hasArg()) {
                words.add(o.getValue());
            }
        }
        return words;
    }

    static int intValue(CommandLine line, String option, int defaultValue, int min, int max) throws UsageException {
        String text = line.getOptionValue(option);
        if (text == null) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + option + " takes a whole number, got '" + text + "'");
        }
        if (value < min || value > max) {
            throw new UsageException("--" + option + " must be from " + min + " to " + max + ", got " + text);
        }
        return (int) value;
    }

    /**
     * A duration such as {@code 500ms}, {@code 10s}, {@code 2m}, {@code 1h}, {@code 250us}; a bare number is
     * seconds.
     */
    static Duration duration(CommandLine line, String option, Duration defaultValue) throws UsageException {
        String text = line.getOptionValue(option);
        return text == null ? defaultValue : duration(option, text);
    }

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

    /** {@code HOST:PORT}, unresolved so that a name that does not resolve is reported where it is used. */
    static InetSocketAddress hostPort(CommandLine line, String option) throws UsageException {
        String text = line.getOptionValue(option);
        if (text == null) {
            return null;
        }
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

    /** {@code --source-address A,B,...}: the addresses of a comma-separated list, at least one. */
    static List<InetAddress> addresses(String text) throws UsageException {
        List<InetAddress> list = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            try {
                list.add(InetAddress.getByName(p));
            } catch (UnknownHostException e) {
                throw new UsageException("--source-address: '" + p + "' is not an address");
            }
        }
        if (list.isEmpty()) {
            throw new UsageException("--source-address takes a comma-separated list of addresses, got '" + text + "'");
        }
        return list;
    }
}
