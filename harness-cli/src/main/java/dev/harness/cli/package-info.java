/**
 * The {@code harness} command line: {@link dev.harness.cli.Main} takes the first argument as the command
 * and parses the rest with that command's Commons CLI options. Every command has {@code --help} with
 * examples; misuse prints one line and exits 2.
 *
 * <p>The flow goes one way: a command ({@code ServeCommand}, {@code LoadCommand}, {@code RunCommand},
 * {@code CompareCommand}) parses its options into typed values ({@link dev.harness.cli.options}) and runs;
 * commands never call each other.
 * {@code harness load --transport mem} runs its server in this JVM ({@code InProcessLoad}); {@code harness run}
 * runs the comparison ({@link dev.harness.cli.run}); both report what they measured with the probes and
 * records of {@link dev.harness.cli.measure}. {@code harness compare} reads two
 * results folders back and judges one against the other ({@link dev.harness.cli.compare}).
 */
package dev.harness.cli;
