/**
 * {@code harness report}: a results folder drawn as charts. {@link dev.harness.cli.report.RunFolder} reads what
 * {@code run} wrote (meta.json, each cell's summary.json and histograms.hlog), {@link dev.harness.cli.report.Charts}
 * draws one chart per question a reader asks of it (how long is the tail, did it stall, what did a request cost,
 * what did a connection cost, where did the sweep break), {@link dev.harness.cli.report.SvgFile} writes each as
 * SVG, and {@link dev.harness.cli.report.RunReport} links them from {@code report.md} and inlines them in a
 * self-contained {@code report.html}.
 */
package dev.harness.cli.report;
