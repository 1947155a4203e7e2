package dev.harness.cli.report;

import java.awt.Rectangle;
import org.jfree.svg.SVGGraphics2D;

/** A {@link Chart} drawn as an SVG document, headless, by JFreeSVG. */
final class SvgFile {

    static final int WIDTH = 760;
    static final int HEIGHT = 420;

    private SvgFile() {
    }

    /**
     * The chart as a standalone SVG document. Its clip paths and gradients are named after the chart, so
     * that several charts inlined in one HTML page do not share ids.
     */
    static String draw(Chart chart) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        g.setDefsKeyPrefix(chart.name() + "-");
        chart.chart().draw(g, new Rectangle(0, 0, WIDTH, HEIGHT));
        return g.getSVGDocument();
    }
}
