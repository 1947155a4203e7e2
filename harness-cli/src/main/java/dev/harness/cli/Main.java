package dev.harness.cli;

import dev.harness.cli.options.UsageException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.ParseException;

/**
 * The {@code harness} command. The first argument names the sub-command; the rest is parsed with that
 * command's options (Commons CLI has no sub-commands of its own). Exit codes: 0 success, 1 a check failed,
 * 2 misuse or environment error.
 */
public final class Main {

    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final PrintStream out;
    private final PrintStream err;

    Main(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        add(new ServeCommand(out, err));
        add(new LoadCommand(out, err));
        add(new RunCommand(out, err));
        add(new CompareCommand(out, err));
        add(new MergeCommand(out));
        add(new DistributeCommand(out));
        add(new ReportCommand(out));
    }

    private void add(Command command) {
        commands.put(command.name(), command);
    }

    public static void main(String[] args) {
        int code = new Main(System.out, System.err).run(args);
        System.out.flush();
        System.exit(code);
    }

    int run(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            out.print(usage());
            return args.length == 0 ? 2 : 0;
        }
        Command command = commands.get(args[0]);
        if (command == null) {
            err.println("harness: unknown command '" + args[0] + "'; the commands are " + String.join(", ", commands.keySet())
                    + ", test, build, bench (see harness --help)");
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        if (Arrays.asList(rest).contains("--help") || Arrays.asList(rest).contains("-h")) {
            out.print(help(command));
            return 0;
        }
        CommandLine line;
        try {
            line = new DefaultParser().parse(command.options(), rest);
            List<String> operands = command.operands();
            boolean repeats = !operands.isEmpty() && operands.getLast().endsWith("...");
            if (!repeats && line.getArgList().size() > operands.size()) {
                throw new ParseException("unexpected argument '" + line.getArgList().get(operands.size()) + "'");
            }
            if (line.getArgList().size() < operands.size()) {
                throw new ParseException("missing " + String.join(" ", operands.subList(line.getArgList().size(), operands.size())));
            }
        } catch (ParseException e) {
            // one line, like every other misuse: the help is one command away
            err.println("harness " + command.name() + ": " + e.getMessage() + " (see harness " + command.name() + " --help)");
            return 2;
        }
        try {
            return command.run(line);
        } catch (UsageException e) {
            err.println("harness " + command.name() + ": " + e.getMessage() + " (see harness " + command.name() + " --help)");
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Exception e) {
            err.println("harness " + command.name() + ": " + e);
            return 2;
        }
    }

    private String usage() {
        StringBuilder text = new StringBuilder("""
                harness - compares three server concurrency models under one ServiceHandler:
                a platform thread per connection, a virtual thread per connection, and a
                proactor with Asynchronous Completion Tokens.

                usage: harness COMMAND [OPTIONS]      harness COMMAND --help for each command

                commands:
                """);
        for (Command command : commands.values()) {
            text.append(String.format("  %-8s %s%n", command.name(), command.summary()));
        }
        text.append("""
                  test     build and run the whole test suite (handled by the ./harness launcher)
                  build    rebuild the jars (handled by the ./harness launcher)
                  bench    run the JMH benchmarks (handled by the ./harness launcher)

                examples:
                  harness run
                  harness run --transport mem --connections 1000000 --servers virtual-threads,proactor-act
                  harness serve --server virtual-threads --port 8080
                  harness load --transport mem --server proactor-act --connections 100000 --hold 2s --rate 20000
                  harness compare results/RUN-A results/RUN-B --threshold 'echo.proactor-act.p99_us<5000'
                  harness report results/20261205T071136Z-quick
                  harness run --help
                """);
        return text.toString();
    }

    /** {@code harness NAME [OPTIONS] OPERAND...}. */
    private static String usageLine(Command command) {
        StringBuilder line = new StringBuilder("harness ").append(command.name()).append(" [OPTIONS]");
        command.operands().forEach(operand -> line.append(' ').append(operand));
        return line.toString();
    }

    private static String help(Command command) {
        java.io.StringWriter text = new java.io.StringWriter();
        HelpFormatter formatter = new HelpFormatter();
        try (PrintWriter writer = new PrintWriter(text)) {
            formatter.printHelp(writer, 100, usageLine(command), command.summary() + "\n",
                    command.options(), 2, 2, command.footer(), false);
        }
        return text.toString();
    }
}
