/**
 * {@code harness compare BASELINE CURRENT}: two results folders of {@code harness run}, cell by cell, aware of
 * noise. {@link dev.harness.cli.compare.ResultsFolder} reads a folder ({@code Repeats} alone knows how
 * {@code --repeat} lays out a cell); {@code Comparability} says whether two folders can be compared;
 * {@link dev.harness.cli.compare.Comparison} judges every {@link dev.harness.cli.compare.Metric} against its
 * {@link dev.harness.cli.compare.Tolerance} (from the checked-in {@code compare-tolerances.json}) and checks
 * the absolute goals ({@link dev.harness.cli.compare.Threshold}); {@link dev.harness.cli.compare.CompareTable}
 * writes the result for a terminal or a pull request.
 *
 * <pre>
 * harness compare results/20261205T052113Z-ci results/20261205T060214Z-ci --threshold 'echo.proactor-act.p99_us&lt;5000'
 * </pre>
 */
package dev.harness.cli.compare;
