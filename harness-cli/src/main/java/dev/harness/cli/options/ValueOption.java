package dev.harness.cli.options;

import dev.harness.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

/**
 * One option that takes a value, declared once: {@code --name ARG}, its help, how its text parses into a
 * {@code V} (a bad one is a {@link UsageException} that names the option) and how a {@code V} is written back
 * as that text. A parent JVM that passes options to a child writes them with {@link #words}, and the child
 * reads them with {@link #value}: the same declaration, so the two cannot drift.
 *
 * @param name        the long name, without {@code --}
 * @param arg         what the help calls its value
 * @param description the help text
 * @param parser      text to value
 * @param writer      value to text that {@code parser} reads back as the same value
 * @param <V>         the value's type
 */
public record ValueOption<V>(String name, String arg, String description, Parser<V> parser, Function<V, String> writer) {

    /** Text to value, or a {@link UsageException} that names {@code option}. */
    @FunctionalInterface
    public interface Parser<V> {
        V parse(String option, String text) throws UsageException;
    }

    /** A whole number from {@code min} to {@code max}; {@code _} may group digits. */
    public static ValueOption<Integer> wholeNumber(String name, String arg, String description, int min, int max) {
        return new ValueOption<>(name, arg, description, (o, t) -> Args.wholeNumber(o, t, min, max), String::valueOf);
    }

    /** A whole number from {@code min} to {@code max} that may pass an int; {@code _} may group digits. */
    public static ValueOption<Long> longNumber(String name, String arg, String description, long min, long max) {
        return new ValueOption<>(name, arg, description, (o, t) -> Args.longNumber(o, t, min, max), String::valueOf);
    }

    /** A number above 0. */
    public static ValueOption<Double> positiveNumber(String name, String arg, String description) {
        return new ValueOption<>(name, arg, description, Args::positiveNumber, Args::number);
    }

    /** A duration ({@code 500ms}, {@code 10s}, {@code 2m}; a bare number is seconds). */
    public static ValueOption<Duration> duration(String name, String arg, String description) {
        return new ValueOption<>(name, arg, description, Args::duration, Args::duration);
    }

    /** A duration whose zero means never, and is written {@code 0}. */
    public static ValueOption<Duration> timeout(String name, String arg, String description) {
        return new ValueOption<>(name, arg, description, Args::duration, d -> d.isZero() ? "0" : Args.duration(d));
    }

    /** One of an enum's constants, by its name in lower case. */
    public static <E extends Enum<E>> ValueOption<E> choice(String name, String arg, String description, Class<E> type) {
        return new ValueOption<>(name, arg, description, (o, t) -> Args.choice(o, t, type), Args::choice);
    }

    /** A comma-separated list of addresses, at least one. */
    public static ValueOption<List<InetAddress>> addresses(String name, String arg, String description) {
        return new ValueOption<>(name, arg, description, Args::addresses,
                list -> list.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(",")));
    }

    /** A wall-clock instant, ISO-8601 or epoch milliseconds; written as ISO-8601 UTC. */
    public static ValueOption<Instant> instant(String name, String arg, String description) {
        return new ValueOption<>(name, arg, description, Args::instant, Instant::toString);
    }

    /** {@code HOST:PORT}, unresolved. */
    public static ValueOption<InetSocketAddress> hostPort(String name, String arg, String description) {
        return new ValueOption<>(name, arg, description, Args::hostPort, a -> (a.getHostString().contains(":")
                ? "[" + a.getHostString() + "]" : a.getHostString()) + ":" + a.getPort());
    }

    /** Any text. */
    public static ValueOption<String> text(String name, String arg, String description) {
        return new ValueOption<>(name, arg, description, (o, t) -> t, t -> t);
    }

    /** {@code --transport T}: a transport by its name. */
    public static ValueOption<Transport> transport(String description) {
        return new ValueOption<>("transport", "T", description, (option, text) -> {
            String name = text.trim();
            try {
                return Transport.byName(name);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--" + option + " takes " + String.join(" or ", Transport.names()) + ", got '"
                        + name + "'");
            }
        }, Transport::name);
    }

    /** This option with another help text (the same option, as another command describes it). */
    public ValueOption<V> describedAs(String otherDescription) {
        return new ValueOption<>(name, arg, otherDescription, parser, writer);
    }

    /** The Commons CLI option, for parsing and {@code --help}. */
    public Option toOption() {
        return Option.builder().longOpt(name).hasArg().argName(arg).desc(description).build();
    }

    /** Whether {@code line} has it. */
    public boolean isOn(CommandLine line) {
        return line.hasOption(name);
    }

    /** Its value on {@code line}, or {@code absent} when {@code line} does not have it. */
    public V value(CommandLine line, V absent) throws UsageException {
        String text = line.getOptionValue(name);
        return text == null ? absent : parse(text);
    }

    /** {@code text} as this option's value. */
    public V parse(String text) throws UsageException {
        return parser.parse(name, text);
    }

    /** {@code --name TEXT}: the words that give it {@code value}. */
    public List<String> words(V value) {
        return List.of("--" + name, writer.apply(value));
    }
}
