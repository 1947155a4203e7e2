package dev.harness.cli.merge;

import dev.harness.cli.measure.JsonFields;
import dev.harness.cli.measure.JsonReader;
import dev.harness.cli.options.UsageException;
import dev.harness.load.LoadResult;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * One generator's results, read back for {@code harness merge}: its {@code summary.json} and every interval
 * histogram of its {@code histograms.hlog}, with the tag and the absolute wall-clock edges the log gives them.
 *
 * @param dir       the folder the two files are in
 * @param summary   summary.json
 * @param intervals the log's histograms, in file order
 */
record GeneratorPart(Path dir, JsonFields summary, List<Histogram> intervals) {

    /** Reads {@code dir}; a folder without a whole pair of files is a {@link UsageException} naming it. */
    static GeneratorPart read(Path dir) throws UsageException, IOException {
        Path summaryFile = dir.resolve(LoadResult.SUMMARY_FILE);
        Path logFile = dir.resolve(LoadResult.LOG_FILE);
        if (!Files.isRegularFile(summaryFile) || !Files.isRegularFile(logFile)) {
            throw new UsageException(dir + " holds no " + LoadResult.SUMMARY_FILE + " and " + LoadResult.LOG_FILE
                    + " of a harness load (give the --out folder of each generator)");
        }
        JsonFields summary;
        try {
            summary = JsonFields.of(JsonReader.read(Files.readString(summaryFile)));
        } catch (IllegalArgumentException e) {
            throw new UsageException(summaryFile + " is not JSON: " + e.getMessage());
        }
        if (summary == null || summary.object("config") == null) {
            throw new UsageException(summaryFile + " is not the summary of a harness load (it has no config)");
        }
        List<Histogram> intervals = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(logFile.toFile())) {
            EncodableHistogram next;
            while ((next = reader.nextIntervalHistogram()) != null) {
                if (!(next instanceof Histogram histogram)) {
                    throw new UsageException(logFile + " holds a " + next.getClass().getSimpleName()
                            + ", not the integer histograms harness load writes");
                }
                intervals.add(histogram);
            }
        } catch (FileNotFoundException e) {
            throw new UsageException("cannot read " + logFile + ": " + e.getMessage());
        }
        return new GeneratorPart(dir, summary, List.copyOf(intervals));
    }

    JsonFields config() {
        return summary.object("config");
    }

    /** Its {@code config.index}. */
    int index() {
        return config().integer("index") == null ? 0 : config().integer("index");
    }

    /** Its {@code config.of}. */
    int of() {
        return config().integer("of") == null ? 1 : config().integer("of");
    }

    /** The name of this part in messages and in the merged summary's reasons. */
    String label() {
        return "generator " + index();
    }
}
