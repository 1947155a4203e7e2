/**
 * {@code harness run}: the comparison of server models, cell by cell.
 *
 * <p>{@link dev.harness.cli.run.ComparisonRun} walks every scenario × server, in rounds ({@code RunOrder}: the
 * server order rotated each round, after a {@code GeneratorWarmup}), and hands each cell to
 * {@code CellRunner}, which runs it one of two ways, chosen by the {@link dev.harness.cli.run.RunSettings}'s
 * transport:
 *
 * <ul>
 *   <li><b>tcp</b> ({@code TcpCell}): the server in a JVM of its own ({@link dev.harness.cli.run.ServerProcess},
 *       through {@code harness serve}), the generator in this one, each optionally on its own cores
 *       ({@link dev.harness.cli.run.CpuPinning}, {@code --cpus}); the server's costs from {@code /proc/PID}
 *       and its heap with {@code jcmd};
 *   <li><b>mem</b> ({@code MemCell}): the whole cell in a JVM of its own ({@code CellProcess}, through
 *       {@code harness load --transport mem}), its heap sized by {@code ChildHeap}; costs per thread group,
 *       heap less the transport's share; this JVM reads back the summary it wrote.
 * </ul>
 *
 * <p>A {@link dev.harness.cli.run.Scenario} is a load, idle-connections (hold, read memory per connection,
 * then use every connection) or breaking-point (idle-connections at rising counts: {@code BreakingPoint}).
 * {@code CellRules} judges every cell ({@link dev.harness.cli.run.CellStatus}: ok, partial or failed, with a
 * {@code FailureCause}) and flags a cell whose machine was busy over 90 % ({@code CellRules.machineBusy});
 * a {@link dev.harness.cli.run.Cell} is its summary and that verdict. {@code Repeats}
 * aggregates a cell's repeats into a {@code Spread} per {@code Metric} (median, min-max, resolution);
 * {@code Report} renders {@code report.md} from them and {@code RunMeta} {@code meta.json}.
 */
package dev.harness.cli.run;
