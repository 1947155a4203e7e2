/**
 * The {@code harness} command line: {@link dev.harness.cli.Main} takes the first argument as the command
 * and parses the rest with that command's Commons CLI options. Every command has {@code --help} with
 * examples; misuse prints one line and exits 2.
 */
package dev.harness.cli;
