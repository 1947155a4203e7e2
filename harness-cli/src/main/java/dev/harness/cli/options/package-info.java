/**
 * The options of the {@code harness} commands, each declared once as a
 * {@link dev.harness.cli.options.ValueOption} (name, argument, help, how its text parses and how a value is
 * written back), and parsed into typed values: {@link dev.harness.cli.options.ServerOptions} for
 * {@code harness serve}, {@link dev.harness.cli.options.LoadOptions} for {@code harness load}. A comparison
 * run writes the options of its child JVMs with the same declarations, so what a child parses is what the
 * parent meant. A bad value is a {@link dev.harness.cli.options.UsageException} that names the option.
 */
package dev.harness.cli.options;
