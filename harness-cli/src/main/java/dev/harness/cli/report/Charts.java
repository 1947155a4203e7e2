package dev.harness.cli.report;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.report.RunFolder.Cell;
import java.awt.BasicStroke;
import java.awt.Color;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The charts of one run, each answering one question a reader asks of the numbers: how long the tail is
 * (the percentile spectrum), whether the server stalled (latency over time), what a request cost the server
 * (CPU and context switches), what an idle connection cost it (memory), and where a sweep broke. A chart is
 * drawn only when the run holds its data; every series is one server.
 */
final class Charts {

    private static final double NS_PER_MS = 1e6;
    private static final String LATENCY = "latency";

    private Charts() {
    }

    /** Every chart the run has data for, in report order. */
    static List<Chart> of(RunFolder run) {
        List<Chart> charts = new ArrayList<>();
        for (String scenario : run.scenarios()) {
            List<Cell> cells = run.cellsOf(scenario);
            spectrum(scenario, cells).ifPresent(charts::add);
            overTime(scenario, cells).ifPresent(charts::add);
            sweep(scenario, cells, charts);
        }
        costBars(run, "server-cpu-per-request", "Server CPU per request (µs)", "server.cpu_us_per_request",
                "CPU time of the server process (all its threads) over the window, per request answered in it")
                .ifPresent(charts::add);
        costBars(run, "server-ctx-per-request", "Server context switches per request", "server.ctx_switches_per_request",
                "voluntary + involuntary context switches of the server's threads over the window, per request answered")
                .ifPresent(charts::add);
        memoryBars(run).ifPresent(charts::add);
        return charts;
    }

    private static Optional<Chart> spectrum(String scenario, List<Cell> cells) {
        XYSeriesCollection data = new XYSeriesCollection();
        double top = 10;
        for (Cell cell : cells) {
            Histogram total = LatencyLog.total(cell.hlogs(), LATENCY);
            if (total.getTotalCount() == 0) {
                continue;
            }
            XYSeries series = new XYSeries(label(cell), false);
            for (HistogramIterationValue v : total.percentiles(5)) {
                double percentile = v.getPercentileLevelIteratedTo();
                if (percentile < 100) {
                    double x = NinesFormat.x(percentile);
                    series.add(x, v.getValueIteratedTo() / NS_PER_MS);
                    top = Math.max(top, x);
                }
            }
            data.addSeries(series);
        }
        if (data.getSeriesCount() == 0) {
            return Optional.empty();
        }
        JFreeChart chart = ChartFactory.createXYLineChart(scenario + ": latency by percentile", "percentile",
                "latency (ms)", data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogAxis nines = new LogAxis("percentile");
        nines.setNumberFormatOverride(new NinesFormat());
        decades(nines);
        nines.setRange(1, Math.pow(10, Math.ceil(Math.log10(top))));
        plot.setDomainAxis(nines);
        style(chart);
        return Optional.of(new Chart("latency-spectrum-" + scenario, scenario + ": latency by percentile",
                "Every latency of the window (all repeats added exactly), by percentile on a log \"nines\" axis as"
                        + " HdrHistogram's plotter draws it; from each cell's histograms.hlog, tag latency.", chart));
    }

    private static Optional<Chart> overTime(String scenario, List<Cell> cells) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Cell cell : cells) {
            if (cell.hlogs().isEmpty()) {
                continue;
            }
            LatencyLog log = LatencyLog.read(cell.hlogs().get(0), LATENCY);
            if (log.intervals().isEmpty()) {
                continue;
            }
            XYSeries max = new XYSeries(label(cell) + " max", false);
            XYSeries p99 = new XYSeries(label(cell) + " p99", false);
            for (LatencyLog.Interval interval : log.intervals()) {
                max.add(interval.startS(), interval.maxNs() / NS_PER_MS);
                p99.add(interval.startS(), interval.p99Ns() / NS_PER_MS);
            }
            data.addSeries(max);
            data.addSeries(p99);
        }
        if (data.getSeriesCount() == 0) {
            return Optional.empty();
        }
        JFreeChart chart = ChartFactory.createXYLineChart(scenario + ": latency over time", "seconds from the log's start",
                "latency (ms)", data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        XYLineAndShapeRenderer renderer = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        for (int i = 0; i < data.getSeriesCount(); i++) {
            renderer.setSeriesPaint(i, PALETTE[(i / 2) % PALETTE.length]);
            renderer.setSeriesStroke(i, i % 2 == 0 ? new BasicStroke(2f)
                    : new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            renderer.setSeriesShapesVisible(i, true);
        }
        return Optional.of(new Chart("latency-over-time-" + scenario, scenario + ": latency over time",
                "The largest (solid) and 99th-percentile (dashed) latency of each one-second interval of the first"
                        + " repeat's histograms.hlog, warm-up included: a stall shows as a spike of the solid line.", chart));
    }

    private static void sweep(String scenario, List<Cell> cells, List<Chart> charts) {
        DefaultCategoryDataset p99 = new DefaultCategoryDataset();
        DefaultCategoryDataset heap = new DefaultCategoryDataset();
        for (Cell cell : cells) {
            if (!(cell.summary().map().get("steps") instanceof List<?> steps)) {
                continue;
            }
            for (Object step : steps) {
                JsonFields s = JsonFields.of(step);
                Double connections = s == null ? null : s.number("connections");
                if (connections == null || !"ok".equals(s.text("status")) && !"overloaded".equals(s.text("status"))) {
                    continue;
                }
                String column = String.format(Locale.ROOT, "%,d", connections.longValue());
                Double latency = s.number("latency_p99_us");
                if (latency != null) {
                    p99.addValue(latency / 1e3, cell.server(), column);
                }
                Double bytes = s.number("heap_bytes_per_connection");
                if (bytes != null) {
                    heap.addValue(bytes, cell.server(), column);
                }
            }
        }
        if (p99.getColumnCount() > 0) {
            charts.add(sweepChart(scenario + "-p99", scenario + ": p99 latency against connections", "p99 latency (ms, log)",
                    p99, true, "The 99th-percentile latency of each step that opened all its connections (ok or"
                            + " overloaded), from the steps of its summary.json; the step that failed is left out."));
        }
        if (heap.getColumnCount() > 0) {
            charts.add(sweepChart(scenario + "-heap", scenario + ": server heap per connection against connections",
                    "heap bytes per connection", heap, false,
                    "Server heap per held connection at each step that opened all its connections, from its summary.json."));
        }
    }

    private static Chart sweepChart(String name, String title, String yLabel, DefaultCategoryDataset data, boolean logY,
                                    String caption) {
        JFreeChart chart = ChartFactory.createLineChart(title, "connections", yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        if (logY) {
            LogAxis log = new LogAxis(yLabel);
            log.setNumberFormatOverride(NumberFormat.getNumberInstance(Locale.ROOT));
            decades(log);
            chart.getCategoryPlot().setRangeAxis(log);
        }
        style(chart);
        return new Chart("sweep-" + name, title, caption, chart);
    }

    private static Optional<Chart> costBars(RunFolder run, String name, String title, String path, String what) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Cell cell : run.cells()) {
            Double value = Figures.of(cell.summary(), path);
            if (value != null && cell.summary().map().get("steps") == null) {
                data.addValue(value, label(cell), cell.scenario());
            }
        }
        if (data.getColumnCount() == 0) {
            return Optional.empty();
        }
        JFreeChart chart = ChartFactory.createBarChart(title, "scenario", title, data, PlotOrientation.VERTICAL,
                true, false, false);
        style(chart);
        return Optional.of(new Chart(name, title, what + "; " + path + " of each summary.json (the median"
                + " of the repeats when the run repeated its cells).", chart));
    }

    private static Optional<Chart> memoryBars(RunFolder run) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Cell cell : run.cells()) {
            JsonFields s = cell.summary();
            Double heap = Figures.first(s, "server.memory.heap_bytes_per_connection", "server.heap_bytes_per_connection");
            Double rss = Figures.first(s, "server.memory.rss_bytes_per_connection", "server.rss_bytes_per_connection");
            if (heap != null) {
                data.addValue(heap, label(cell), cell.scenario() + " heap");
            }
            if (rss != null) {
                data.addValue(rss, label(cell), cell.scenario() + " RSS");
            }
        }
        if (data.getColumnCount() == 0) {
            return Optional.empty();
        }
        JFreeChart chart = ChartFactory.createBarChart("Server memory per held connection (bytes)", "scenario and measure",
                "bytes per connection", data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        return Optional.of(new Chart("memory-per-connection", "Server memory per held connection",
                "Server heap (after a collection) and resident set growth while the connections were held, divided by"
                        + " the connections held; from each summary.json. A negative or tiny figure is below the"
                        + " measurement's resolution, as report.md says.", chart));
    }

    /** A tick at every power of ten, none between. */
    private static void decades(LogAxis axis) {
        axis.setAutoTickUnitSelection(false);
        axis.setTickUnit(new NumberTickUnit(1));
    }

    /** The series name of a cell: the server, with its status when it is not ok (never read as a clean figure). */
    private static String label(Cell cell) {
        String status = Figures.status(cell.summary());
        return "ok".equals(status) ? cell.server() : cell.server() + " (" + status + ")";
    }

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e),
    };

    private static void style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.getPlot().setBackgroundPaint(Color.WHITE);
        if (chart.getPlot() instanceof XYPlot plot) {
            plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
            plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
            for (int i = 0; i < plot.getDataset().getSeriesCount(); i++) {
                plot.getRenderer().setSeriesPaint(i, PALETTE[i % PALETTE.length]);
                plot.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
            }
        } else {
            CategoryItemRenderer renderer = chart.getCategoryPlot().getRenderer();
            chart.getCategoryPlot().setRangeGridlinePaint(Color.LIGHT_GRAY);
            if (renderer instanceof BarRenderer bars) {
                bars.setBarPainter(new StandardBarPainter());
                bars.setShadowVisible(false);
            }
            if (renderer instanceof LineAndShapeRenderer lines) {
                lines.setDefaultShapesVisible(true);
            }
            for (int i = 0; i < PALETTE.length; i++) {
                renderer.setSeriesPaint(i, PALETTE[i]);
                renderer.setSeriesStroke(i, new BasicStroke(2f));
            }
        }
    }
}
