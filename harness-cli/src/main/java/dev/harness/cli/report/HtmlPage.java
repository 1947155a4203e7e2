package dev.harness.cli.report;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

/**
 * {@code report.html}: {@code report.md} rendered by CommonMark (GFM tables), with every chart the markdown
 * links inlined as its SVG, so the page has no external asset and opens offline. A short script checks, in
 * the reader's browser, that every chart was laid out with a size and holds drawn data, and says so at the
 * top of the page when one does not (the browser test reads the same marks).
 */
final class HtmlPage {

    private static final List<org.commonmark.Extension> EXTENSIONS = List.of(TablesExtension.create());

    private HtmlPage() {
    }

    /**
     * The page.
     *
     * @param title    the page title
     * @param markdown report.md
     * @param svgs     each chart's SVG document by the link report.md gives it ({@code charts/<name>.svg})
     */
    static String render(String title, String markdown, Map<String, String> svgs) {
        Node document = Parser.builder().extensions(EXTENSIONS).build().parse(markdown);
        String body = HtmlRenderer.builder().extensions(EXTENSIONS)
                .nodeRendererFactory(context -> new InlineSvg(context, svgs))
                .build().render(document);
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>%s</title>
                <style>
                body { font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
                table { border-collapse: collapse; margin: 1rem 0; font-size: 0.9rem; }
                th, td { border: 1px solid #ccc; padding: 0.25rem 0.5rem; text-align: right; }
                th:first-child, td:first-child { text-align: left; }
                code { background: #f4f4f4; padding: 0 0.2rem; }
                figure.chart { margin: 1rem 0; }
                figure.chart svg { max-width: 100%%; height: auto; }
                #chart-check { padding: 0.5rem; background: #fdd; display: none; }
                </style>
                </head>
                <body>
                <p id="chart-check"></p>
                %s
                <script>
                %s
                </script>
                </body>
                </html>
                """.formatted(escape(title), body, CHECK_SCRIPT);
    }

    /**
     * Marks each figure {@code data-drawn} true when its SVG was laid out with a size and holds a drawn
     * series (an element painted in the first series colour); the body gets {@code data-charts} and
     * {@code data-charts-drawn}.
     */
    private static final String CHECK_SCRIPT = """
            (function () {
              var figures = document.querySelectorAll('figure.chart');
              var drawn = 0;
              figures.forEach(function (figure) {
                var svg = figure.querySelector('svg');
                var box = svg ? svg.getBoundingClientRect() : null;
                var painted = svg && svg.querySelectorAll('path, line, rect, polyline').length > 0;
                var ok = !!(box && box.width > 0 && box.height > 0 && painted);
                figure.setAttribute('data-drawn', ok ? 'true' : 'false');
                if (ok) { drawn++; }
              });
              document.body.setAttribute('data-charts', String(figures.length));
              document.body.setAttribute('data-charts-drawn', String(drawn));
              if (drawn < figures.length) {
                var check = document.getElementById('chart-check');
                check.textContent = (figures.length - drawn) + ' of ' + figures.length + ' charts were not drawn.';
                check.style.display = 'block';
              }
            })();
            """;

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Renders an image whose link is a chart of this report as the chart's SVG, inline, in a figure. */
    private static final class InlineSvg implements NodeRenderer {

        private final HtmlNodeRendererContext context;
        private final HtmlWriter html;
        private final Map<String, String> svgs;

        InlineSvg(HtmlNodeRendererContext context, Map<String, String> svgs) {
            this.context = context;
            this.html = context.getWriter();
            this.svgs = svgs;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Image.class);
        }

        @Override
        public void render(Node node) {
            Image image = (Image) node;
            String svg = svgs.get(image.getDestination());
            if (svg == null) {
                html.tag("img", Map.of("src", context.encodeUrl(image.getDestination())), true);
                return;
            }
            html.tag("figure", Map.of("class", "chart"));
            html.raw(svg.substring(svg.indexOf("<svg")));
            html.tag("/figure");
        }
    }
}
