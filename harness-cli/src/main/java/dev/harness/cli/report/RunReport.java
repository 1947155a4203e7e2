package dev.harness.cli.report;

import dev.harness.cli.measure.JsonFields;
import dev.harness.load.LoadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Draws a run folder's charts and publishes them: {@code charts/<name>.svg} per chart, a "Charts" section at
 * the end of {@code report.md} that links them (so they show on a code-hosting page), and a self-contained
 * {@code report.html}. Safe to run again on the same folder: the section and the files are replaced.
 */
public final class RunReport {

    /** Where the charts section of report.md begins; everything after it is this class's and is rewritten. */
    static final String CHARTS_MARK = "<!-- harness report: charts; everything below is rewritten by harness report -->";

    private RunReport() {
    }

    /**
     * Writes the charts, report.md's charts section and report.html of the run in {@code dir}.
     *
     * @return the charts drawn
     * @throws IllegalArgumentException when {@code dir} is not a run folder
     */
    public static List<String> write(Path dir) throws IOException {
        RunFolder run = RunFolder.read(dir);
        List<Chart> charts = Charts.of(run);
        Path chartDir = dir.resolve("charts");
        Files.createDirectories(chartDir);
        try (Stream<Path> old = Files.list(chartDir)) {
            for (Path file : old.filter(p -> p.toString().endsWith(".svg")).toList()) {
                Files.delete(file);
            }
        }
        Map<String, String> svgs = new LinkedHashMap<>();
        for (Chart chart : charts) {
            String svg = SvgFile.draw(chart);
            LoadResult.writeAtomically(chartDir.resolve(chart.name() + ".svg"), svg.getBytes(StandardCharsets.UTF_8));
            svgs.put(link(chart), svg);
        }
        Path reportMd = dir.resolve("report.md");
        String before = Files.isRegularFile(reportMd) ? Files.readString(reportMd, StandardCharsets.UTF_8)
                : "# Run " + dir.getFileName() + "\n";
        int mark = before.indexOf(CHARTS_MARK);
        String markdown = (mark < 0 ? before.stripTrailing() + "\n\n" : before.substring(0, mark))
                + chartsSection(run.meta(), charts);
        LoadResult.writeAtomically(reportMd, markdown.getBytes(StandardCharsets.UTF_8));
        String html = HtmlPage.render("harness run " + dir.getFileName(), markdown, svgs);
        LoadResult.writeAtomically(dir.resolve("report.html"), html.getBytes(StandardCharsets.UTF_8));
        return charts.stream().map(Chart::name).toList();
    }

    private static String chartsSection(JsonFields meta, List<Chart> charts) {
        StringBuilder md = new StringBuilder(CHARTS_MARK).append("\n\n## Charts\n\n").append(runCaption(meta)).append("\n\n");
        if (charts.isEmpty()) {
            md.append("No cell of this run recorded data to chart.\n");
        }
        for (Chart chart : charts) {
            md.append("### ").append(chart.title()).append("\n\n")
                    .append("![").append(chart.title()).append("](").append(link(chart)).append(")\n\n")
                    .append(chart.caption()).append("\n\n");
        }
        return md.toString();
    }

    /** The command and the run's metadata, under which every chart of the section was measured. */
    static String runCaption(JsonFields meta) {
        JsonFields git = meta.object("git");
        JsonFields jdk = meta.object("jdk");
        JsonFields machine = meta.object("machine");
        StringBuilder caption = new StringBuilder("Measured by `").append(meta.text("command")).append('`');
        if (git != null && git.text("commit") != null) {
            caption.append(" at commit ").append(git.text("commit"), 0, Math.min(12, git.text("commit").length()))
                    .append(Boolean.TRUE.equals(git.flag("dirty")) ? " (with uncommitted changes)" : "");
        }
        if (meta.text("start") != null) {
            caption.append(", started ").append(meta.text("start"));
        }
        if (jdk != null) {
            caption.append("; JDK ").append(jdk.text("version"));
        }
        if (machine != null) {
            caption.append("; ").append(machine.text("os")).append(' ').append(machine.text("kernel")).append(", ")
                    .append(machine.number("cores") == null ? "?" : String.valueOf(machine.number("cores").intValue()))
                    .append(" cores");
        }
        return caption.append('.').toString();
    }

    private static String link(Chart chart) {
        return "charts/" + chart.name() + ".svg";
    }
}
