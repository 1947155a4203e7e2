package dev.harness.cli.report;

import org.jfree.chart.JFreeChart;

/**
 * One chart of a report.
 *
 * @param name    its file name without extension, unique in the run ({@code charts/<name>.svg})
 * @param title   what it shows, one line
 * @param caption what a reader needs beside it: where its numbers come from and what is left out
 * @param chart   the chart itself
 */
record Chart(String name, String title, String caption, JFreeChart chart) {
}
