/**
 * What a server under test costs, and how it stands in {@code summary.json}: the probes that read it —
 * {@link dev.harness.cli.measure.ServerCosts} and {@link dev.harness.cli.measure.PerfProbe} at the edges of
 * the generator's measurement window of a server in its own JVM (perf attached before, switched on and off at
 * the edges, so both count one interval), {@link dev.harness.cli.measure.ThreadGroups} per thread
 * group of this JVM, {@link dev.harness.cli.measure.MemoryProbe} while connections are held idle, after
 * {@link dev.harness.cli.measure.Settle}, less the mem transport's share
 * ({@link dev.harness.cli.measure.TransportBaseline}) — and the records that carry it: the
 * {@link dev.harness.cli.measure.ServerReport} of a cell, with its {@link dev.harness.cli.measure.WindowCosts},
 * {@link dev.harness.cli.measure.ThreadGroupCosts} and {@link dev.harness.cli.measure.IdleMemory}.
 *
 * <p>Each record writes its JSON object and reads it back side by side ({@code toJson}, {@code fromJson});
 * {@link dev.harness.cli.measure.JsonReader} and {@link dev.harness.cli.measure.JsonFields} are the edge where a
 * file's JSON becomes records.
 */
package dev.harness.cli.measure;
