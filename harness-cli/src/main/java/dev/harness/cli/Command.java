package dev.harness.cli;

import dev.harness.cli.options.UsageException;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

/** One sub-command of {@code harness}: its options, its help and what it does. */
interface Command {

    /** The word after {@code harness}. */
    String name();

    /** One line for {@code harness --help}. */
    String summary();

    /** Everything {@code --help} prints after the option list: examples first. */
    String footer();

    Options options();

    /**
     * The names of the positional arguments it takes, in order, each required ({@code BASELINE},
     * {@code CURRENT}); none by default. A last name ending in {@code ...} takes any number more. {@link CommandLine#getArgList()} holds their values.
     */
    default List<String> operands() {
        return List.of();
    }

    /**
     * Runs the command.
     *
     * @return the exit code: 0 success, 1 a check failed, 2 misuse or environment error
     * @throws UsageException for a bad option value
     */
    int run(CommandLine line) throws Exception;
}
