package dev.harness.cli.options;

/** A misuse of the command line: printed as one line with a pointer to {@code --help}, exit code 2. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
