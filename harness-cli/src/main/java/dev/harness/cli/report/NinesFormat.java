package dev.harness.cli.report;

import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;

/**
 * Labels a "nines" axis as HdrHistogram's plotter draws it: a value {@code x = 1 / (1 - p)} of a log axis is
 * the percentile {@code p}, so 1, 10, 100, 1000 read 0%, 90%, 99%, 99.9%.
 */
final class NinesFormat extends NumberFormat {

    /** The axis value of {@code percentile} (0 to 100, below 100). */
    static double x(double percentile) {
        return 1 / (1 - percentile / 100);
    }

    @Override
    public StringBuffer format(double x, StringBuffer to, FieldPosition pos) {
        double percentile = 100 * (1 - 1 / x);
        String text = String.format(Locale.ROOT, "%.6f", percentile).replaceAll("0+$", "").replaceAll("\\.$", "");
        return to.append(text).append('%');
    }

    @Override
    public StringBuffer format(long x, StringBuffer to, FieldPosition pos) {
        return format((double) x, to, pos);
    }

    @Override
    public Number parse(String source, ParsePosition pos) {
        throw new UnsupportedOperationException("an axis label is written, never parsed");
    }
}
