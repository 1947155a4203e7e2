package dev.harness.cli.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report.html} looked at in a real headless browser (Debian's chromium, which {@code .ci/run} installs):
 * the page loads offline with no script error, and its own check finds every chart laid out with a size and
 * its series drawn. Without chromium it is skipped, except under {@code CI=true}, where it fails.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReportInBrowserTest {

    private static final Pattern BODY = Pattern.compile("<body data-charts=\"(\\d+)\" data-charts-drawn=\"(\\d+)\">");

    @TempDir
    Path dir;

    @Test
    void everyChartIsDrawnAndThePageHasNoError() throws IOException, InterruptedException {
        Path chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
                .map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
        if (chromium == null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("no chromium to render report.html: apt-get install chromium (.ci/run installs it)");
            }
            Assumptions.abort("no chromium here (apt-get install chromium); CI installs it");
        }
        List<String> charts = RunReport.write(RunFixture.write(dir));
        Path profile = Files.createDirectory(dir.resolve("chromium-profile"));
        Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000",
                "--dump-dom", dir.resolve("report.html").toUri().toString())
                .redirectError(dir.resolve("chromium.err").toFile())
                .start();
        String dom = new String(browser.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(browser.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
        String log = Files.readString(dir.resolve("chromium.err"), StandardCharsets.UTF_8);

        Matcher body = BODY.matcher(dom);
        assertTrue(body.find(), "the page's own check did not run; chromium said:\n" + log);
        assertEquals(charts.size(), Integer.parseInt(body.group(1)), "a figure per chart");
        assertEquals(charts.size(), Integer.parseInt(body.group(2)), "every chart drawn with a size and its series");
        assertFalse(dom.contains("data-drawn=\"false\""));
        assertFalse(log.contains("Uncaught") || log.contains(":CONSOLE"), "console errors:\n" + log);
    }
}
