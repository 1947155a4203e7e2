package dev.harness.load;

/**
 * A run that cannot start: a plan the machine cannot carry (open files, ports) or a target that cannot be
 * reached. The message is one line that says what, why and what to do; the CLI prints it and exits 2.
 */
public final class LoadException extends Exception {
    public LoadException(String message) {
        super(message);
    }
}
