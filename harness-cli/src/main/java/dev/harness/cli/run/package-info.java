/**
 * {@code harness run}: the comparison of server models, cell by cell.
 *
 * <p>{@link dev.harness.cli.run.ComparisonRun} walks every scenario × server and hands each cell to
 * {@code CellRunner}, which runs it one of two ways, chosen by the {@link dev.harness.cli.run.RunSettings}'s
 * transport:
 *
 * <ul>
 *   <li><b>tcp</b>: the server in a JVM of its own ({@link dev.harness.cli.run.ServerProcess}, through
 *       {@code harness serve}), the generator in this one; the server's costs from {@code /proc/PID}
 *       ({@code ServerCosts}, {@code PerfProbe}) and its heap with {@code jcmd} ({@code MemoryProbe});
 *   <li><b>mem</b>: the whole cell in a JVM of its own ({@code CellProcess}, through
 *       {@code harness load --transport mem}, which runs {@link dev.harness.cli.run.InProcessLoad}), its heap
 *       sized by {@code ChildHeap}; costs per thread group ({@code ThreadGroups}), heap less the transport's
 *       share ({@code TransportBaseline}); the parent reads the summary it wrote ({@code JsonReader}).
 * </ul>
 *
 * <p>A {@link dev.harness.cli.run.Scenario} is a load, idle-connections (hold, read memory per connection,
 * then use every connection) or breaking-point (idle-connections at rising counts: {@code BreakingPoint});
 * a failure is a result with a {@code FailureCause}; {@code Report} renders {@code report.md} and
 * {@code RunMeta} {@code meta.json}.
 */
package dev.harness.cli.run;
